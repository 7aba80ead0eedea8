import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { kubetrace } from '../../support/cliRun';
import { useTempTrees } from '../../support/fixtures';

const tree = useTempTrees();

const app = (name: string, port: number) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: app, image: x, ports: [{containerPort: ${port}}]}]}\n---\n` +
  `apiVersion: v1\nkind: Service\nmetadata: {name: frontend}\nspec: {selector: {app: ${name}}, ports: [{port: 80, targetPort: ${port}}]}\n`;

/** Two applications that both define Service default/frontend, as ../shared/corpus's demos do. */
const APPS = { 'guestbook/app.yaml': app('guestbook', 8080), 'shop/app.yaml': app('shop', 9090) };

describe('kubetrace with several applications in one folder', () => {
  test('check reports what each application folder alone reports, and no duplicate between them', () => {
    const root = tree(APPS);
    const whole = kubetrace(['check', '--format', 'json', '.'], { cwd: root });
    const one = kubetrace(['check', '--format', 'json', 'guestbook'], { cwd: root });
    assert.equal(whole.status, 0, whole.stdout);
    assert.deepEqual(JSON.parse(whole.stdout).problems, []);
    assert.equal(JSON.parse(one.stdout).objects, 2);
    const objects = kubetrace(['objects', '.'], { cwd: root }).stdout;
    assert.match(objects, /^cluster guestbook\n/m);
    assert.match(objects, /^cluster shop\n/m);
    assert.match(objects, /4 objects in 1 namespaces and 2 clusters\.\n$/);
  });

  test('a trace follows the Service of the source\'s own application, and names the cluster', () => {
    const root = tree(APPS);
    const run = kubetrace(['trace', '.', '--from', 'default/shop', '--to', 'frontend:80'], { cwd: root });
    assert.equal(run.status, 0, run.stdout);
    assert.match(run.stdout, /^cluster shop\n/);
    assert.match(run.stdout, /9090/, 'delivered to the shop pods on their port, not the guestbook ones');
    assert.doesNotMatch(run.stdout, /8080/);
    const ambiguous = kubetrace(['matrix', '.'], { cwd: root });
    assert.equal(ambiguous.status, 2);
    assert.match(ambiguous.stderr, /the PATHs hold 2 clusters \(guestbook, shop\); name one with --cluster NAME/);
    assert.equal(kubetrace(['matrix', '.', '--cluster', 'guestbook'], { cwd: root }).status, 0);
    assert.match(kubetrace(['trace', '.', '--cluster', 'nope', '--from', 'default/shop', '--to', 'frontend'], { cwd: root }).stderr, /no cluster named nope/);
  });

  test('--namespace and a kubetrace.yaml namespace place objects that name none, as kubectl apply -n does', () => {
    const root = tree({ 'app.yaml': app('shop', 9090) });
    assert.match(kubetrace(['objects', '.', '--namespace', 'store'], { cwd: root }).stdout, /^namespace store\n {2}Deployment\.apps +shop/m);
    const withProfile = tree({ 'app.yaml': app('shop', 9090), 'kubetrace.yaml': 'namespace: store\n' });
    assert.match(kubetrace(['objects', '.'], { cwd: withProfile }).stdout, /^namespace store\n/m);
    assert.equal(kubetrace(['trace', '.', '--from', 'store/shop', '--to', 'frontend.store:80'], { cwd: withProfile }).status, 0);
    assert.match(kubetrace(['objects', '.', '--namespace', 'Bad_NS'], { cwd: root }).stderr, /--namespace must be a namespace name/);
  });
});
