import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseLabelQuery } from '../../../server/src/terminal/labelQuery';
import { splitPipeline } from '../../../server/src/terminal/shellWords';
import { textTable } from '../../../server/src/terminal/textTable';
import { readKubectlArguments } from '../../../server/src/terminal/kubectlArguments';

describe('the terminal reads command lines as a shell and kubectl do', () => {
  test('words split on blanks; quotes and backslashes keep them together; | separates stages; # starts a comment', () => {
    assert.deepEqual(splitPipeline(`curl -H 'Host: a b' "x\\"y" c\\ d | grep -v "e f" # note`), [['curl', '-H', 'Host: a b', 'x"y', 'c d'], ['grep', '-v', 'e f']]);
    assert.deepEqual(splitPipeline("echo ''"), [['echo', '']]);
    assert.deepEqual(splitPipeline('a|b'), [['a'], ['b']]);
  });

  test('an unterminated quote or an empty stage is a syntax error, not a guess', () => {
    assert.ok('error' in splitPipeline("curl 'http://x"));
    assert.ok('error' in splitPipeline('| grep x'));
    assert.ok('error' in splitPipeline('kubectl get pods |'));
  });

  test('label selectors: equality, inequality, set and existence requirements, all to hold', () => {
    const query = parseLabelQuery('app=web,tier!=db,env in (prod, staging),!legacy,version');
    assert.ok(!('error' in query));
    const matches = query as (labels: Record<string, string>) => boolean;
    assert.equal(matches({ app: 'web', env: 'prod', version: '1' }), true);
    assert.equal(matches({ app: 'web', env: 'prod', version: '1', tier: 'db' }), false);
    assert.equal(matches({ app: 'web', env: 'dev', version: '1' }), false);
    assert.equal(matches({ app: 'web', env: 'prod', version: '1', legacy: 'yes' }), false);
    assert.equal(matches({ app: 'web', env: 'prod' }), false);
    const notIn = parseLabelQuery('env notin (prod)') as (labels: Record<string, string>) => boolean;
    assert.equal(notIn({}), true);
    assert.equal(notIn({ env: 'prod' }), false);
    assert.ok('error' in parseLabelQuery('app=(web'));
    const greater = parseLabelQuery('tier>2') as (labels: Record<string, string>) => boolean;
    assert.deepEqual([greater({ tier: '3' }), greater({ tier: '2' }), greater({ tier: 'x' })], [true, false, false]);
    assert.deepEqual(parseLabelQuery('-bad=x'), { error: 'error: unable to parse requirement: invalid label key "-bad"' });
    assert.deepEqual(parseLabelQuery('a=b,'), { error: 'error: unable to parse requirement: found empty requirement' });
  });

  test("tables are laid out as kubectl's tabwriter does: columns at least 6 wide, 3 blanks of padding, the last cell unpadded", () => {
    assert.equal(textTable([['NAME', 'TYPE', 'AGE'], ['kubernetes', 'ClusterIP', '5d'], ['a', 'b', 'c']]), 'NAME         TYPE        AGE\nkubernetes   ClusterIP   5d\na            b           c\n');
    assert.equal(textTable([['A', 'B'], ['x', 'y']]), 'A     B\nx     y\n');
  });

  test('kubectl flags: long with = or a space, short combined (-it) or with a joined value (-nshop), and the command after --', () => {
    const parsed = readKubectlArguments(['-it', '-nshop', 'deploy/web', '--container=api', '--', 'curl', '-s', 'x'], [
      { long: 'stdin', short: 'i', takesValue: false },
      { long: 'tty', short: 't', takesValue: false },
      { long: 'container', short: 'c', takesValue: true },
    ]);
    assert.ok(!('error' in parsed));
    if ('error' in parsed) return;
    assert.deepEqual([...parsed.flags].sort(), ['stdin', 'tty']);
    assert.deepEqual(parsed.options.get('namespace'), ['shop']);
    assert.deepEqual(parsed.options.get('container'), ['api']);
    assert.deepEqual(parsed.positionals, ['deploy/web']);
    assert.deepEqual(parsed.command, ['curl', '-s', 'x']);
    assert.deepEqual(readKubectlArguments(['--bogus'], []), { error: 'error: unknown flag: --bogus' });
  });
});
