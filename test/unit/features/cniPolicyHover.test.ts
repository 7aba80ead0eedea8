/**
 * Hovers on Cilium's and Calico's own policies: on the policy, the pods it selects; on a rule, what the rule does
 * with the pods each of its peers matches today; on a workload, the CNI policies that select its pods.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { readProfile } from '../../../server/src/engine/profile';
import { buildSnapshot } from '../../../server/src/engine/snapshot/buildSnapshot';
import { hoverMarkdown } from '../../../server/src/features/hoverContent';
import { definitionAt } from '../../../server/src/features/navigation';
import { symbolAt } from '../../../server/src/features/symbolAt';
import { parseManifest } from '../../../server/src/model/parseManifest';
import { PROJECT_ROOT } from '../../support/fixtures';

const STARWARS = path.join(PROJECT_ROOT, 'test', 'fixtures', 'cni-policies', 'cilium-starwars-l7', 'manifests');
const APP = fs.readFileSync(path.join(STARWARS, 'http-sw-app.yaml'), 'utf8');
const POLICY = fs.readFileSync(path.join(STARWARS, 'sw_l3_l4_l7_policy.yaml'), 'utf8');

/** The hover at the first `fragment` in a file (after the first `after`, when given). */
function hoverIn(files: Record<string, string>, profile: object, uri: string, fragment: string, after = ''): string {
  const objects = Object.entries(files).flatMap(([name, text]) => parseManifest(name, text).objects);
  const snapshot = buildSnapshot(objects, readProfile(profile).profile);
  const lines = files[uri]!.split('\n');
  const start = after ? lines.findIndex((text) => text.includes(after)) : 0;
  const line = lines.findIndex((text, index) => index >= start && text.includes(fragment));
  assert.ok(start >= 0 && line >= 0, `${fragment} is in ${uri}`);
  const symbol = symbolAt(snapshot, uri, { line, character: lines[line]!.indexOf(fragment) });
  assert.ok(symbol, `something is at ${fragment}`);
  return hoverMarkdown(symbol, snapshot) ?? '';
}

const files = { 'file:///sw/app.yaml': APP, 'file:///sw/policy.yaml': POLICY };
const cilium = { cni: { plugin: 'cilium' } };

describe('hovers on Cilium and Calico policies', () => {
  test('on a CiliumNetworkPolicy: the pods it selects, and its definition goes to them', () => {
    const hover = hoverIn(files, cilium, 'file:///sw/policy.yaml', 'description');
    assert.match(hover, /^\*\*CiliumNetworkPolicy default\/rule1\*\* selects 2 pod\(s\) of `default\/deathstar`/);
    assert.doesNotMatch(hover, /does not enforce/);
    const snapshot = buildSnapshot(Object.entries(files).flatMap(([name, text]) => parseManifest(name, text).objects), readProfile(cilium).profile);
    const lines = POLICY.split('\n');
    const line = lines.findIndex((text) => text.includes('description'));
    const targets = definitionAt(symbolAt(snapshot, 'file:///sw/policy.yaml', { line, character: 3 })!, snapshot);
    assert.equal(targets.length, 1, 'both replicas are written by one Deployment');
    assert.equal(targets[0]!.uri, 'file:///sw/app.yaml');
  });

  test('a policy Cilium refuses: the hover says so, and why', () => {
    const refused = POLICY.replace('protocol: TCP', 'protocol: UDP');
    assert.equal(hoverIn({ ...files, 'file:///sw/policy.yaml': refused }, cilium, 'file:///sw/policy.yaml', 'description'), [
      '**CiliumNetworkPolicy default/rule1** is refused by Cilium, so none of its rules take effect:',
      '',
      "- spec.ingress[0]: L7 rules can only apply to TCP, and this port's protocol is UDP",
    ].join('\n'));
  });

  test('under another CNI, the hover says the policy is not enforced', () => {
    assert.match(hoverIn(files, { cni: { plugin: 'calico' } }, 'file:///sw/policy.yaml', 'description'), /The cluster profile's CNI is calico, which does not enforce it/);
  });

  test('on a rule: its peers with the pods they match, its ports and its HTTP rules', () => {
    const hover = hoverIn(files, cilium, 'file:///sw/policy.yaml', 'fromEndpoints');
    assert.equal(hover, [
      '**ingress rule 1 of CiliumNetworkPolicy default/rule1 allows from**',
      '',
      '- endpoints {org=empire}: 3 pod(s) of default/deathstar, default/tiefighter',
      '- on TCP 80',
      '- HTTP requests only: POST /v1/request-landing (others get 403)',
    ].join('\n'));
  });

  test('on a workload: the Cilium policies that select its pods', () => {
    assert.match(hoverIn(files, cilium, 'file:///sw/app.yaml', 'class: deathstar', 'template:'), /\*\*CiliumNetworkPolicy\*\* \[rule1\]\(file:\/\/\/sw\/policy\.yaml#L7,9\) selects it \(ingress\)/);
  });

  test('on a Calico rule: action, tier and order, and the pods its source selector matches', () => {
    const calico = `apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: allow-empire, namespace: default}
spec:
  order: 100
  selector: class == 'deathstar'
  ingress:
  - action: Allow
    protocol: TCP
    source: {selector: org == 'empire' && class != 'deathstar'}
    destination: {ports: [80]}
`;
    const hover = hoverIn({ 'file:///sw/app.yaml': APP, 'file:///sw/calico.yaml': calico }, { cni: { plugin: 'calico' } }, 'file:///sw/calico.yaml', 'action: Allow');
    assert.equal(hover, [
      '**ingress rule 1 of default/allow-empire (tier default, order 100): Allow TCP**',
      '',
      "- source: pods `org == 'empire' && class != 'deathstar'` in default: 1 pod(s) of default/tiefighter",
      '- destination: ports 80',
    ].join('\n'));
  });
});
