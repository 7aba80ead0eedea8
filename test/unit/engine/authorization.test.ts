/** Istio AuthorizationPolicy rules against one request: sources, operations and `when` conditions, as the sidecar reads them. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { authorizeRequest, ruleMatches, readsJwt, type AuthorizationRequest } from '../../../server/src/engine/mesh/authorization';
import { objectsOfType } from '../../../server/src/engine/snapshot/indexes';
import { snapshotOf } from '../../support/engineFixtures';

const REQUEST: AuthorizationRequest = {
  http: { method: 'GET', path: '/api/orders', authority: 'orders.shop:8080', headers: { 'x-team': 'payments' } },
  identity: { principal: 'cluster.local/ns/web/sa/frontend', namespace: 'web' },
  sourceIp: '10.244.1.7',
  destinationIp: '10.244.2.9',
  port: 8080,
};

/** Whether the one rule of a policy written as `rules: [RULE]` matches the request. */
function matches(rule: string, request: AuthorizationRequest = REQUEST): boolean {
  const [policy] = objectsOfType(snapshotOf(`apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n  rules:\n  - ${rule}\n`), 'AuthorizationPolicy');
  return ruleMatches(policy!.spec!.rules!.value[0]!, request);
}

describe('AuthorizationPolicy rules', () => {
  test('sources: principals and namespaces with wildcards, ip blocks by CIDR, the not- lists', () => {
    assert.equal(matches('from: [{source: {principals: ["cluster.local/ns/web/*"]}}]'), true);
    assert.equal(matches('from: [{source: {notPrincipals: ["*/sa/frontend"]}}]'), false);
    assert.equal(matches('from: [{source: {namespaces: [web]}}]'), true);
    assert.equal(matches('from: [{source: {ipBlocks: ["10.244.0.0/16"]}}]'), true);
    assert.equal(matches('from: [{source: {ipBlocks: ["10.244.1.7"]}}]'), true);
    assert.equal(matches('from: [{source: {notIpBlocks: ["10.244.1.0/24"]}}]'), false);
    assert.equal(matches('from: [{source: {principals: ["*"]}}]', { ...REQUEST, identity: undefined }), false, 'plaintext has no principal');
  });

  test('a traced request carries no JWT: requestPrincipals never match, and the policy says it reads one', () => {
    assert.equal(matches('from: [{source: {requestPrincipals: ["*"]}}]'), false);
    const [policy] = objectsOfType(snapshotOf('apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: p}\nspec: {rules: [{when: [{key: "request.auth.claims[groups]", values: [admin]}]}]}\n'), 'AuthorizationPolicy');
    assert.equal(readsJwt(policy!), true);
    assert.equal(ruleMatches(policy!.spec!.rules!.value[0]!, REQUEST), false);
  });

  test('operations: methods, paths, ports and hosts (without case, with or without the port), and their not- lists', () => {
    assert.equal(matches('to: [{operation: {methods: [GET], paths: ["/api/*"]}}]'), true);
    assert.equal(matches('to: [{operation: {notPaths: ["/api/*"]}}]'), false);
    assert.equal(matches('to: [{operation: {ports: ["8080"]}}]'), true);
    assert.equal(matches('to: [{operation: {notPorts: ["8080"]}}]'), false);
    assert.equal(matches('to: [{operation: {hosts: ["ORDERS.shop"]}}]'), true);
    assert.equal(matches('to: [{operation: {notHosts: ["orders.*"]}}]'), false);
  });

  test('when: every condition must hold; a header, the source address, the destination port', () => {
    assert.equal(matches('when: [{key: "request.headers[X-Team]", values: [payments]}]'), true);
    assert.equal(matches('when: [{key: "request.headers[x-team]", notValues: [payments]}]'), false);
    assert.equal(matches('when: [{key: source.ip, values: ["10.244.1.0/24"]}, {key: destination.port, values: ["8080"]}]'), true);
    assert.equal(matches('when: [{key: source.ip, values: ["10.244.1.0/24"]}, {key: destination.port, values: ["9090"]}]'), false);
    assert.equal(matches('when: [{key: "request.headers[x-missing]", values: ["*"]}]'), false, 'a header the request lacks has no value');
  });
});

describe('AuthorizationPolicy for a connection without its request (the connectivity matrix)', () => {
  const CONNECTION: AuthorizationRequest = { ...REQUEST, http: undefined };
  const verdictOf = (policies: string) => {
    const snapshot = snapshotOf(`${policies}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: orders, namespace: shop, labels: {app: orders}}\nspec: {containers: [{name: c, image: i}]}\n`);
    return authorizeRequest(snapshot, snapshot.pods.find((pod) => pod.name === 'orders')!, CONNECTION);
  };
  const policy = (name: string, spec: string) => `apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: ${name}, namespace: shop}\nspec: ${spec}`;

  test('a rule that reads only the connection decides as for any request', () => {
    assert.equal(verdictOf(policy('ns', '{rules: [{from: [{source: {namespaces: [web]}}]}]}')).verdict, 'allowed');
    assert.equal(verdictOf(policy('ns', '{rules: [{from: [{source: {namespaces: [ops]}}]}]}')).verdict, 'denied');
    assert.equal(verdictOf(policy('deny', '{action: DENY, rules: [{from: [{source: {principals: ["*/sa/frontend"]}}]}]}')).verdict, 'denied');
    assert.equal(verdictOf(policy('none', '{}')).verdict, 'denied', 'an ALLOW policy without rules allows nothing');
  });

  test('a rule on methods, paths, hosts, headers or a JWT makes the answer depend on the request', () => {
    const onPath = verdictOf(policy('paths', '{rules: [{from: [{source: {namespaces: [web]}}], to: [{operation: {paths: ["/api/*"]}}]}]}'));
    assert.equal(onPath.verdict, 'depends');
    assert.deepEqual(onPath.requestDependent.map((rule) => rule.policy.id.name), ['paths']);
    assert.equal(verdictOf(policy('deny', '{action: DENY, rules: [{to: [{operation: {methods: [DELETE]}}]}]}')).verdict, 'depends');
    assert.equal(verdictOf(policy('hdr', '{rules: [{when: [{key: "request.headers[x-team]", values: [payments]}]}]}')).verdict, 'depends');
    assert.equal(verdictOf(policy('jwt', '{rules: [{from: [{source: {requestPrincipals: ["*"]}}]}]}')).verdict, 'depends');
  });

  test('what the connection alone rules out stays ruled out, whatever the request', () => {
    // The source part fails for this client, so the path cannot make the rule match.
    assert.equal(verdictOf(policy('paths', '{rules: [{from: [{source: {namespaces: [ops]}}], to: [{operation: {paths: ["/api/*"]}}]}]}')).verdict, 'denied');
    // A DENY rule that surely matches wins over an ALLOW rule that may.
    assert.equal(verdictOf(`${policy('deny', '{action: DENY, rules: [{from: [{source: {namespaces: [web]}}]}]}')}\n---\n${policy('allow', '{rules: [{to: [{operation: {paths: ["/x"]}}]}]}')}`).verdict, 'denied');
    // A surely matching ALLOW rule with no DENY rule that may match: allowed for every request.
    assert.equal(verdictOf(`${policy('a', '{rules: [{from: [{source: {namespaces: [web]}}]}]}')}\n---\n${policy('b', '{rules: [{to: [{operation: {paths: ["/x"]}}]}]}')}`).verdict, 'allowed');
  });
});
