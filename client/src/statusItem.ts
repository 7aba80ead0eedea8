import * as vscode from 'vscode';
import type { ClusterSummary, ModelSummary } from '../../server/src/protocol';

/**
 * `kubetrace: 42 objects · 3 namespaces` in the status bar; a click opens the topology. With several cluster
 * models it names the one shown (`kubetrace: guestbook · 6 objects · 1 namespace`) and a click switches.
 */
export class ModelStatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('kubetrace.model', vscode.StatusBarAlignment.Left, 10);

  constructor(
    private readonly fetchSummary: () => Promise<ModelSummary>,
    private readonly selectedCluster: () => string | undefined,
    private readonly activeFile: () => string | undefined,
  ) {
    this.item.name = 'Kubetrace model';
    this.item.command = 'kubetrace.showTopology';
    this.item.text = '$(sync~spin) kubetrace';
    this.item.show();
  }

  refresh(): void {
    this.fetchSummary().then(
      (summary) => {
        const errors = summary.clusters.reduce((count, cluster) => count + cluster.errorCount, 0);
        const shown = summary.clusters.length > 1 ? this.shownCluster(summary.clusters) : undefined;
        const objects = shown ? shown.objects : summary.clusters.flatMap((cluster) => cluster.objects);
        const namespaces = new Set(objects.map((object) => object.namespace).filter((name) => name !== undefined));
        this.item.text = `kubetrace: ${shown ? `${shown.name} · ` : ''}${objects.length} objects · ${namespaces.size} namespaces`;
        this.item.command = shown ? 'kubetrace.selectCluster' : 'kubetrace.showTopology';
        this.item.tooltip = shown
          ? `Cluster ${shown.name}, one of ${summary.clusters.length} cluster models (${errors} errors in all). Click to show another.`
          : `${summary.clusters.length} cluster model(s), ${errors} errors. Click to show the topology.`;
      },
      () => {
        this.item.text = '$(warning) kubetrace';
        this.item.tooltip = 'The Kubetrace language server did not answer.';
      },
    );
  }

  /** The cluster the user picked, else the one holding the active editor's file, else the first (as the server picks). */
  private shownCluster(clusters: readonly ClusterSummary[]): ClusterSummary | undefined {
    const picked = this.selectedCluster();
    const file = this.activeFile();
    return (
      clusters.find((cluster) => cluster.name === picked) ??
      (file === undefined ? undefined : clusters.find((cluster) => cluster.objects.some((object) => object.uri === file))) ??
      clusters[0]
    );
  }

  dispose(): void {
    this.item.dispose();
  }
}
