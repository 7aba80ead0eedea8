import * as vscode from 'vscode';
import type { ModelSummary } from '../../server/src/protocol';

/** `kubetrace: 42 objects · 3 namespaces` in the status bar; a click opens the topology. */
export class ModelStatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('kubetrace.model', vscode.StatusBarAlignment.Left, 10);

  constructor(private readonly fetchSummary: () => Promise<ModelSummary>) {
    this.item.name = 'Kubetrace model';
    this.item.command = 'kubetrace.showTopology';
    this.item.text = '$(sync~spin) kubetrace';
    this.item.show();
  }

  refresh(): void {
    this.fetchSummary().then(
      (summary) => {
        const objects = summary.clusters.flatMap((cluster) => cluster.objects);
        const namespaces = new Set(objects.map((object) => object.namespace).filter((name) => name !== undefined));
        const errors = summary.clusters.reduce((count, cluster) => count + cluster.errorCount, 0);
        this.item.text = `kubetrace: ${objects.length} objects · ${namespaces.size} namespaces`;
        this.item.tooltip = `${summary.clusters.length} cluster model(s), ${errors} errors. Click to show the topology.`;
      },
      () => {
        this.item.text = '$(warning) kubetrace';
        this.item.tooltip = 'The Kubetrace language server did not answer.';
      },
    );
  }

  dispose(): void {
    this.item.dispose();
  }
}
