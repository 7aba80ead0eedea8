import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkCluster } from '../../../server/src/engine/diagnostics/checkCluster';
import { referenceGrantAllows } from '../../../server/src/engine/routing/referenceGrant';
import { snapshotOf } from '../../support/engineFixtures';

const ROUTE = 'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r, namespace: app}\nspec:\n  rules: [{backendRefs: [{name: db, namespace: data, port: 80}]}]\n';
const SERVICE = 'apiVersion: v1\nkind: Service\nmetadata: {name: db, namespace: data}\nspec: {ports: [{port: 80}]}\n';
const grant = (from: string, to: string) =>
  `apiVersion: gateway.networking.k8s.io/v1beta1\nkind: ReferenceGrant\nmetadata: {name: g, namespace: data}\nspec:\n  from: [${from}]\n  to: [${to}]\n`;

// GEP-709: `from` names the referring kind with its group (required), `to` the referent's group ("" for core).
const CASES: [description: string, from: string, to: string, allows: boolean][] = [
  ['HTTPRoutes of app to every Service', '{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: app}', '{group: "", kind: Service}', true],
  ['HTTPRoutes of app to Service db by name', '{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: app}', '{group: "", kind: Service, name: db}', true],
  ['to another Service only', '{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: app}', '{group: "", kind: Service, name: cache}', false],
  ['from another namespace', '{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: web}', '{group: "", kind: Service}', false],
  ['from HTTPRoute of the core group, which is no Gateway API route', '{group: "", kind: HTTPRoute, namespace: app}', '{group: "", kind: Service}', false],
  ['to a Service of another group', '{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: app}', '{group: example.com, kind: Service}', false],
  ['from GRPCRoutes', '{group: gateway.networking.k8s.io, kind: GRPCRoute, namespace: app}', '{group: "", kind: Service}', false],
];

describe('ReferenceGrant: the trace and KT209 read a grant the same way', () => {
  for (const [description, from, to, allows] of CASES) {
    test(description, () => {
      const snapshot = snapshotOf([ROUTE, SERVICE, grant(from, to)].join('---\n'));
      assert.equal(referenceGrantAllows(snapshot, 'app', 'data', 'db'), allows);
      assert.equal(checkCluster(snapshot).some((problem) => problem.code === 'KT209'), !allows);
    });
  }
});
