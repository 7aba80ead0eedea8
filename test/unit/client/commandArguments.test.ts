import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { allowFlowParams, traceConnectionRequest } from '../../../client/src/commandArguments';

describe("the arguments of the commands a finding's code action runs", () => {
  test('Trace this connection opens the trace tab with the source and the destination, the port appended when given', () => {
    assert.deepEqual(traceConnectionRequest({ source: 'shop/client', destination: 'webb:80' }), { tab: 'trace', from: 'shop/client', to: 'webb:80' });
    assert.deepEqual(traceConnectionRequest({ source: 'shop/client', destination: 'web.shop', port: 8080 }), { tab: 'trace', from: 'shop/client', to: 'web.shop:8080' });
  });

  test('Trace this connection ignores what a code action cannot have made', () => {
    for (const raw of [undefined, 'shop/client', { source: 'shop/client' }, { source: '', destination: 'web' }, { source: 'a', destination: 'web', port: 0 }, { source: 'a', destination: 'web', port: '80' }, { source: 'a'.repeat(600), destination: 'web' }]) {
      assert.equal(traceConnectionRequest(raw), undefined, JSON.stringify(raw));
    }
  });

  test('Allow this flow... takes the flow and the cluster model, and nothing malformed', () => {
    const flow = { from: 'ingress-nginx/Deployment/controller', to: 'shop/Deployment/web', protocol: 'TCP', port: 8080 };
    assert.deepEqual(allowFlowParams({ ...flow, cluster: 'default' }), { ...flow, cluster: 'default' });
    assert.deepEqual(allowFlowParams(flow), flow);
    for (const raw of [null, { ...flow, protocol: 'ICMP' }, { ...flow, port: 70000 }, { ...flow, from: 3 }, { ...flow, cluster: 7 }]) assert.equal(allowFlowParams(raw), undefined, JSON.stringify(raw));
  });
});
