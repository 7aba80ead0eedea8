#!/usr/bin/env bash
# End-to-end tests in a real VS Code workbench on this machine: code-server (VS Code's workbench and server)
# with Debian's Chromium driven by Playwright. Runs the UI scenario against the extension installed from its
# .vsix, then the mocha extension tests (test/e2e/suite) in the extension host. Ends with one
# "N passed, N failed" line; exits 1 on any failure. Needs `npm run build` and `tsc -b` to have run.
# E2E_UI_ONLY=1 runs only the two UI scenarios (example and corpus workspaces), not the extension tests.
# KEEP_E2E_RUN=1 keeps the run's folder (workspaces, and the workbench's logs under user-data/logs) and prints its path.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

eval "$(bash e2e/install.sh)"
RUN=$(mktemp -d -t kubetrace-e2e-XXXXXX)
CS_PID=""
cleanup() {
  if [ -n "$CS_PID" ]; then kill -- "-$CS_PID" 2>/dev/null || true; fi
  [ -n "${KEEP_E2E_RUN:-}" ] && echo "kept $RUN" || rm -rf "$RUN"
}
trap cleanup EXIT

[ -f kubetrace.vsix ] && [ kubetrace.vsix -nt dist/client.js ] && [ kubetrace.vsix -nt dist/server.js ] || npm run --silent package >/dev/null
cp -r examples "$RUN/workspace-ui"
cp -r examples "$RUN/workspace-tests"
# ../shared/corpus, eight demo applications in one folder (beside the project in CI); copied, since it is read-only.
CORPUS="$ROOT/../shared/corpus"
[ -d "$CORPUS" ] || { echo "the corpus is not at $CORPUS"; exit 1; }
cp -r "$CORPUS" "$RUN/workspace-corpus"
chmod -R u+w "$RUN/workspace-corpus"
mkdir -p test-output/e2e

# The tests check that the extension never writes a file: nothing else may save an edited editor either.
mkdir -p "$RUN/user-data/User"
# The terminal's DOM renderer keeps its text in the page for the scenario to read.
echo '{ "files.autoSave": "off", "terminal.integrated.gpuAcceleration": "off" }' >"$RUN/user-data/User/settings.json"
code_server() { "$NODE24/bin/node" "$CODE_SERVER" --config /dev/null --user-data-dir "$RUN/user-data" --extensions-dir "$RUN/extensions" "$@"; }
code_server --install-extension "$ROOT/kubetrace.vsix" >"$RUN/install.log" 2>&1 || { cat "$RUN/install.log"; exit 1; }

PORT=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
URL="http://127.0.0.1:$PORT"
# No extension gallery (no network); the smoke-test driver lets the URL payload load extension tests.
KUBETRACE_E2E_RESULTS="$RUN/extension-results.json" EXTENSIONS_GALLERY='{}' setsid "$NODE24/bin/node" "$CODE_SERVER" \
  --bind-addr "127.0.0.1:$PORT" --auth none --config /dev/null \
  --user-data-dir "$RUN/user-data" --extensions-dir "$RUN/extensions" \
  --disable-telemetry --disable-update-check --disable-workspace-trust --ignore-last-opened \
  --vscode-option enable-smoke-test-driver >test-output/e2e/code-server.log 2>&1 &
CS_PID=$!
for _ in $(seq 1 100); do curl -sf "$URL/healthz" >/dev/null && break; sleep 0.2; done
curl -sf "$URL/healthz" >/dev/null || { echo "code-server did not start; see test-output/e2e/code-server.log"; exit 1; }

SCREENSHOTS=test-output/e2e node e2e/scenario.mjs "$URL" "$RUN/workspace-ui" "$RUN/ui-results.json"
USER_DATA="$RUN/user-data" SCREENSHOTS=test-output/e2e node e2e/corpusScenario.mjs "$URL" "$RUN/workspace-corpus" "$RUN/corpus-ui-results.json"
RESULTS=("$RUN/ui-results.json" "$RUN/corpus-ui-results.json")
if [ "${E2E_UI_ONLY:-}" != 1 ]; then
  node e2e/run-extension-tests.mjs "$URL" "$ROOT" "$RUN/workspace-tests" "$RUN/extension-results.json"
  # The extension host writes its counts to one file (KUBETRACE_E2E_RESULTS): keep each suite's before the next runs.
  mv "$RUN/extension-results.json" "$RUN/extension-results-examples.json"
  node e2e/run-extension-tests.mjs "$URL" "$ROOT" "$RUN/workspace-corpus" "$RUN/extension-results.json" corpus
  mv "$RUN/extension-results.json" "$RUN/extension-results-corpus.json"
  RESULTS+=("$RUN/extension-results-examples.json" "$RUN/extension-results-corpus.json")
fi

node -e '
  const fs = require("fs");
  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const file of process.argv.slice(1)) {
    const counts = JSON.parse(fs.readFileSync(file, "utf8"));
    for (const key of Object.keys(total)) total[key] += counts[key] ?? 0;
  }
  fs.writeFileSync("test-output/e2e/results.json", JSON.stringify(total));
  console.log(`e2e: ${total.passed} passed, ${total.failed} failed`);
  process.exit(total.failed > 0 ? 1 : 0);
'  "${RESULTS[@]}"
