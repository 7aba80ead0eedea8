import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { kubetrace } from '../../support/cliRun';
import { useTempTrees } from '../../support/fixtures';

describe('kubetrace generate', () => {
  const tree = useTempTrees();

  test('prints the policies with a comment block of what was admitted already and what was not inferred; --namespace narrows it', () => {
    const all = kubetrace(['generate', 'examples']);
    assert.equal(all.status, 0, all.stderr);
    assert.match(all.stdout, /^# kubetrace generate: \d+ NetworkPolicies for \d+ connections in 4 namespaces \(default, shop-api, shop-data, shop-web\)\n/);
    assert.match(all.stdout, /^# {3}ingress-nginx\/ingress-nginx-controller → shop-api\/orders-api TCP\/8080 \(ingress\): shop-api\/orders-api-from-frontend-and-ingress rule 1$/m);
    assert.match(all.stdout, /^# {3}ConfigMap shop-web\/frontend-config names orders-api\.shop-api\.svc\.cluster\.local: .* \(examples\/shop\/web\/web-config\.yaml:\d+\)$/m);
    const one = kubetrace(['generate', 'examples', '--namespace', 'shop-data']);
    assert.doesNotMatch(one.stdout, /namespace: shop-(api|web)/);
    assert.doesNotMatch(one.stdout, /ConfigMap shop-web/, 'what another namespace does not infer is not listed');
    assert.match(one.stdout, /name: default-deny\n {2}namespace: shop-data/);
  });

  test('--out writes one file per namespace, which kubetrace reads back without an error', () => {
    const out = path.join(tree({ 'keep.txt': 'x' }), 'policies');
    const result = kubetrace(['generate', 'examples', '--out', out]);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(fs.readdirSync(out).sort(), ['default.yaml', 'shop-api.yaml', 'shop-data.yaml', 'shop-web.yaml']);
    const check = kubetrace(['check', out, '--format', 'json']);
    const problems = JSON.parse(check.stdout) as { problems: { severity: string }[] };
    assert.deepEqual(problems.problems.filter((problem) => problem.severity === 'error'), []);
  });
});
