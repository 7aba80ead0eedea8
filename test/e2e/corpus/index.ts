/** The extension tests run with ../shared/corpus opened as the workspace (run-e2e.sh). */
import { runSuite } from '../suite/index';

export function run(): Promise<void> {
  return runSuite(__dirname);
}
