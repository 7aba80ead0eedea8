import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { PROJECT_ROOT } from '../../support/fixtures';

interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: string; altText?: string };
  completionEvents?: string[];
}
interface Manifest {
  contributes: { commands: { command: string }[]; walkthroughs?: { id: string; title: string; steps: Step[] }[] };
}

const MANIFEST = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as Manifest;
const OWN_COMMANDS = new Set(MANIFEST.contributes.commands.map((entry) => entry.command));
const WALKTHROUGHS = MANIFEST.contributes.walkthroughs ?? [];
const STEPS = WALKTHROUGHS.flatMap((walkthrough) => walkthrough.steps);

/** The commands a step runs: its buttons and links (`command:ID`) and the commands whose run checks it off. */
function commandsOf(step: Step): string[] {
  const linked = [...step.description.matchAll(/\(command:([\w.]+)/g)].map((match) => match[1]!);
  const completing = (step.completionEvents ?? []).filter((event) => event.startsWith('onCommand:')).map((event) => event.slice('onCommand:'.length));
  return [...linked, ...completing];
}

describe('the walkthrough', () => {
  test('one walkthrough: open a folder of manifests, see the model, trace a request, open the matrix', () => {
    assert.equal(WALKTHROUGHS.length, 1);
    assert.deepEqual(
      STEPS.map((step) => step.title),
      ['Open a folder of manifests', 'See the model', 'Trace a request', 'Open the matrix'],
    );
    assert.deepEqual(
      STEPS.map((step) => commandsOf(step)[0]),
      [undefined, 'kubetrace.showModel', 'kubetrace.openTraceView', 'kubetrace.showMatrix'],
      'each later step runs the command it is about',
    );
  });

  test("every command a step runs or waits for is one of the extension's commands", () => {
    for (const step of STEPS) {
      for (const command of commandsOf(step)) assert.ok(OWN_COMMANDS.has(command), `${step.id}: ${command} is in contributes.commands`);
    }
  });

  test('every step can be checked off, by an event the workbench knows', () => {
    const kinds = ['onCommand:', 'onContext:', 'onView:', 'onSettingChanged:', 'onLink:', 'onExtensionInstalled:', 'onStepSelected'];
    for (const step of STEPS) {
      assert.ok(step.completionEvents?.length, `${step.id} has completion events`);
      for (const event of step.completionEvents) assert.ok(kinds.some((kind) => event.startsWith(kind)), `${step.id}: ${event}`);
    }
  });

  test("every step's media is a file of the extension; the step ids are unique", () => {
    for (const step of STEPS) {
      const media = step.media.markdown ?? step.media.image;
      assert.ok(media, `${step.id} has media`);
      assert.ok(fs.statSync(path.join(PROJECT_ROOT, media)).size > 0, `${media} exists`);
    }
    assert.equal(new Set(STEPS.map((step) => step.id)).size, STEPS.length);
  });
});
