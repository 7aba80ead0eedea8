// Calico's selector language, checked against tables ported from projectcalico/calico:
//   libcalico-go/lib/selector/parser/parser_test.go (selectorTests, badSelectors, canonicalisationTests, Visitor tests)
//   libcalico-go/lib/selector/tokenizer/tokenizer_test.go (tokenTests)
// plus the examples of the docs' "Selectors" section (NetworkPolicy / GlobalNetworkPolicy reference) and hostile inputs.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CalicoSelector } from '../../../server/src/engine/policy/calicoSelector';
import { matchesCalicoSelector, parseCalicoSelector, selectorText, selectsAll } from '../../../server/src/engine/policy/calicoSelector';

type Labels = Readonly<Record<string, string>>;

function parsed(text: string): CalicoSelector {
  const result = parseCalicoSelector(text);
  if (!result.ok) assert.fail(`${JSON.stringify(text)} should parse, got "${result.message}" at ${result.offset}`);
  return result.selector;
}

function rejected(text: string): { readonly message: string; readonly offset: number } {
  const result = parseCalicoSelector(text);
  if (result.ok) assert.fail(`${JSON.stringify(text)} should be rejected, parsed as ${selectorText(result.selector)}`);
  assert.ok(Number.isInteger(result.offset) && result.offset >= 0 && result.offset <= text.length, `offset ${result.offset} inside ${text.length} characters`);
  assert.ok(result.message.length > 0);
  return result;
}

function matches(text: string, labels: Labels): boolean {
  return matchesCalicoSelector(parsed(text), labels);
}

/** Every way the result can be used, without throwing, for any text at all. */
function checkAnyText(text: string, labelSets: readonly Labels[]): void {
  const result = parseCalicoSelector(text);
  if (!result.ok) {
    assert.ok(Number.isInteger(result.offset) && result.offset >= 0 && result.offset <= text.length, `offset ${result.offset} for ${JSON.stringify(text)}`);
    assert.equal(typeof result.message, 'string');
    return;
  }
  const canonical = selectorText(result.selector);
  const again = parseCalicoSelector(canonical);
  assert.ok(again.ok, `canonical text ${JSON.stringify(canonical)} of ${JSON.stringify(text)} parses`);
  for (const labels of labelSets) {
    assert.equal(matchesCalicoSelector(again.selector, labels), matchesCalicoSelector(result.selector, labels), `${JSON.stringify(text)} on ${JSON.stringify(labels)}`);
  }
}

// parser_test.go selectorTests: [selector, labels it matches, labels it does not match].
const upstreamSelectorTests: readonly (readonly [string, readonly Labels[], readonly Labels[]])[] = [
  [`a == "b"`, [{ a: 'b' }, { a: 'b', c: 'd' }], [{}, { a: 'c' }, { c: 'd' }]],
  [`a == "b" && c == "d"`, [{ a: 'b', c: 'd' }], [{}, { a: 'b', c: 'e' }, { a: 'c', c: 'd' }, { c: 'd' }, { a: 'b' }]],
  [`a == "b" || c == "d"`, [{ a: 'b', c: 'd' }, { a: 'b' }, { c: 'd' }], [{}, { a: 'e', c: 'e' }, { c: 'e' }, { a: 'e' }]],
  [`a in {"'", '"', "c"}`, [{ a: 'c' }, { a: '"' }, { a: "'" }], [{}, { a: 'e' }]],
  [`a not in {"'", '"', "c"}`, [{}, { a: 'e' }], [{ a: 'c' }, { a: '"' }, { a: "'" }]],
  [`a == 'a'`, [{ a: 'a' }], []],
  [`a == "a"`, [{ a: 'a' }], []],
  [`a != "b"`, [{ a: 'a' }], []],
  [`a != "a"`, [{}], []],
  [`a contains "a"`, [{ a: 'a' }, { a: 'bab' }, { a: 'aaa', b: 'c' }], [{}, { a: 'b' }, { b: 'aaa' }]],
  [`a starts with "a"`, [{ a: 'a' }, { a: 'abb' }, { a: 'aaa', b: 'c' }], [{}, { a: 'b' }, { a: 'baa' }, { b: 'aaa' }]],
  [`a ends with "a"`, [{ a: 'a' }, { a: 'bba' }, { a: 'aaa', b: 'c' }], [{}, { a: 'b' }, { a: 'aab' }, { b: 'aaa' }]],
  [`a in {"a"}`, [{ a: 'a' }], []],
  [`!a in {"a"}`, [{ a: 'b' }], []],
  [`a in {"a", "b"}`, [{ a: 'a' }, { a: 'b' }], []],
  [`a not in {"d", "e"}`, [{ a: 'a' }], []],
  [`has(a)`, [{ a: 'b' }], []],
  [`!has(a)`, [{ b: 'b' }], []],
  [``, [{}, { a: 'b' }], []],
  [` `, [{}], []],
  [`all()`, [{}], []],
  [` all()`, [{}, { a: 'b' }], []],
  [`global()`, [{}], []],
  [` global()`, [{}, { a: 'b' }], []],
  [`a == 'a'`, [], [{ a: 'b' }, {}]],
  [`a != "a"`, [], [{ a: 'a' }]],
  [`a != 'a'`, [], [{ a: 'a' }]],
  [`a in {"a"}`, [], [{ a: 'b' }]],
  [`a not in {"a"}`, [], [{ a: 'a' }]],
  [`a in {"a", "b"}`, [], [{ a: 'c' }]],
  [`has(b)`, [], [{ a: 'b' }]],
  [`!!has(b)`, [], [{ a: 'b' }]],
  [`! has(a)`, [], [{ a: 'b' }]],
  [`!has(a)`, [], [{ a: 'b' }]],
  [`!!! has(a)`, [], [{ a: 'b' }]],
  [`!!!has(a)`, [], [{ a: 'b' }]],
  [`!! ! has(a)`, [], [{ a: 'b' }]],
  [`! !!has(a)`, [], [{ a: 'b' }]],
  [`a == 'a1' && b == 'b1'`, [{ a: 'a1', b: 'b1' }], []],
  [`a == 'a1' && b != 'b1'`, [], [{ a: 'a1', b: 'b1' }]],
  [`a != 'a1' && b == 'b1'`, [], [{ a: 'a1', b: 'b1' }]],
  [`a != 'a1' && b != 'b1'`, [], [{ a: 'a1', b: 'b1' }]],
  [`a != 'a1' && !b == 'b1'`, [], [{ a: 'a1', b: 'b1' }]],
  [`!a == 'a1' && b == 'b1'`, [], [{ a: 'a1', b: 'b1' }]],
  [`has(a) && !has(b)`, [{ a: 'a' }], []],
  [`!has(b) && has(a)`, [{ a: 'a' }], []],
  [`!(!has(a) || has(b))`, [{ a: 'a' }], []],
  [`!(has(b) || !has(a))`, [{ a: 'a' }], []],
  [`a == 'a1' || b == 'b1'`, [{ a: 'a1', b: 'b1' }], []],
  [`a == 'a1' || b != 'b1'`, [{ a: 'a1', b: 'b1' }], []],
  [`a != 'a1' || b == 'b1'`, [{ a: 'a1', b: 'b1' }], []],
  [`a != 'a1' || b != 'b1'`, [], [{ a: 'a1', b: 'b1' }]],
  [`! a == 'a1' || ! b == 'b1'`, [], [{ a: 'a1', b: 'b1' }]],
];

// parser_test.go badSelectors, with the reason upstream gives.
const upstreamBadSelectors: readonly (readonly [string, string])[] = [
  ['b == b', 'label == label'],
  ['b contains b', 'label contains label'],
  ['b starts with b', 'label starts with label'],
  ['b ends with b', 'label ends with label'],
  ["'b1' == b", 'literal on lhs'],
  ['b', 'bare label'],
  ['a b', 'garbage'],
  ['!', 'garbage'],
  ['foo == "bar" &', 'garbage'],
  ['foo == "bar" |', 'garbage'],
  ['foo != ||', 'garbage'],
  ['foo in {"", ||', 'garbage'],
  ['foo in ""', 'expect set literal'],
  ['"FOO', 'unterminated string'],
  [`"FOO'`, 'unterminated string'],
  ["'FOO", 'unterminated string'],
  ['(', 'unterminated paren'],
  ['(a == "foo"', 'unterminated paren'],
  [')', 'unterminated paren'],
  ['()', 'unterminated paren'],
  ['%', 'unexpected char'],
  ['a == "b" && %', 'unexpected char'],
  ['a == "b" || %', 'unexpected char'],
  ['a ', 'should be followed by operator'],
  ['has(foo) &&', 'should be followed by operator'],
];

// parser_test.go canonicalisationTests and the Visitor tests' selectors (without the visitor's prefix). Calico
// writes a top-level && or || inside parentheses; selectorText leaves those off, so those rows drop them.
const upstreamCanonicalTexts: readonly (readonly [string, string])[] = [
  ['', 'all()'],
  [' all() ', 'all()'],
  [' (all() )', 'all()'],
  ['! (has( b)||! has(a ))', '!(has(b) || !has(a))'],
  ['! (a == "b"&&! c != "d")', '!(a == "b" && !c != "d")'],
  [`a == "'"`, `a == "'"`],
  [`a == '"'`, `a == '"'`],
  [`a contains '"'`, `a contains '"'`],
  [`a contains "'"`, `a contains "'"`],
  [`a startswith '"'`, `a starts with '"'`],
  [`a endswith "'"`, `a ends with "'"`],
  [`a!='"'`, `a != '"'`],
  ['a in {"d"}', 'a in {"d"}'],
  ['a in {"a", "b"}', 'a in {"a", "b"}'],
  ['a in {"d", "a", "b"}', 'a in {"a", "b", "d"}'],
  ['a in {"z", "x", "y", "a"}', 'a in {"a", "x", "y", "z"}'],
  ['a in {"z", "z", "x", "y", "x", "a"}', 'a in {"a", "x", "y", "z"}'],
  ["k == 'v'", 'k == "v"'],
  ["k != 'v'", 'k != "v"'],
  ["k contains 'v'", 'k contains "v"'],
  ["k starts with 'v'", 'k starts with "v"'],
  ["k ends with 'v'", 'k ends with "v"'],
  ["k == 'v' && x == 'y'", 'k == "v" && x == "y"'],
  ["k == 'v' || has(x)", 'k == "v" || has(x)'],
  ["!(k == 'v')", '!k == "v"'],
  ["k in {'v'}", 'k in {"v"}'],
  ["k not in {'v'}", 'k not in {"v"}'],
  ["!(!(k == 'v' && has(t) || all()) && (a in {'b', 'c'}))", '!(!((k == "v" && has(t)) || all()) && a in {"b", "c"})'],
];

describe('Calico selectors: upstream parser_test.go', () => {
  for (const [text, matching, notMatching] of upstreamSelectorTests) {
    test(`${JSON.stringify(text)} matches as Calico's evaluator does, before and after canonicalising`, () => {
      const selector = parsed(text);
      const canonical = parsed(selectorText(selector));
      for (const labels of matching) {
        assert.equal(matchesCalicoSelector(selector, labels), true, `matches ${JSON.stringify(labels)}`);
        assert.equal(matchesCalicoSelector(canonical, labels), true, `canonical matches ${JSON.stringify(labels)}`);
      }
      for (const labels of notMatching) {
        assert.equal(matchesCalicoSelector(selector, labels), false, `does not match ${JSON.stringify(labels)}`);
        assert.equal(matchesCalicoSelector(canonical, labels), false, `canonical does not match ${JSON.stringify(labels)}`);
      }
    });
  }

  for (const [text, reason] of upstreamBadSelectors) {
    test(`rejects ${JSON.stringify(text)} (${reason})`, () => {
      rejected(text);
    });
  }

  for (const [text, canonical] of upstreamCanonicalTexts) {
    test(`canonicalises ${JSON.stringify(text)} as ${canonical} and round-trips`, () => {
      assert.equal(selectorText(parsed(text)), canonical);
      assert.equal(selectorText(parsed(canonical)), canonical);
      assert.deepEqual(parsed(canonical), parsed(text));
    });
  }
});

describe('Calico selectors: upstream tokenizer_test.go', () => {
  const tokenizedAndParsed: readonly (readonly [string, CalicoSelector])[] = [
    ['a=="b"', { kind: 'compare', operator: '==', label: 'a', value: 'b' }],
    ['label == "value"', { kind: 'compare', operator: '==', label: 'label', value: 'value' }],
    ['label contains "value"', { kind: 'compare', operator: 'contains', label: 'label', value: 'value' }],
    ['contains contains "contains"', { kind: 'compare', operator: 'contains', label: 'contains', value: 'contains' }],
    ["contains contains 'contains'", { kind: 'compare', operator: 'contains', label: 'contains', value: 'contains' }],
    ['label contains"value"', { kind: 'compare', operator: 'contains', label: 'label', value: 'value' }],
    ['label startswith "value"', { kind: 'compare', operator: 'starts with', label: 'label', value: 'value' }],
    ['label endswith "value"', { kind: 'compare', operator: 'ends with', label: 'label', value: 'value' }],
    ['label starts with "value"', { kind: 'compare', operator: 'starts with', label: 'label', value: 'value' }],
    ['startswith starts with "value"', { kind: 'compare', operator: 'starts with', label: 'startswith', value: 'value' }],
    ['label ends with "value"', { kind: 'compare', operator: 'ends with', label: 'label', value: 'value' }],
    ['endswith ends with "value"', { kind: 'compare', operator: 'ends with', label: 'endswith', value: 'value' }],
    ['label starts  with "value"', { kind: 'compare', operator: 'starts with', label: 'label', value: 'value' }],
    ['label ends  with "value"', { kind: 'compare', operator: 'ends with', label: 'label', value: 'value' }],
    ['has(calico/k8s_ns)', { kind: 'has', label: 'calico/k8s_ns' }],
    ['has(calico/k8s_ns/role)', { kind: 'has', label: 'calico/k8s_ns/role' }],
    ['has(calico/k8s_NS-.1/role)', { kind: 'has', label: 'calico/k8s_NS-.1/role' }],
    [
      'calico/k8s_ns == "kube-system" && k8s-app == "kube-dns"',
      {
        kind: 'and',
        operands: [
          { kind: 'compare', operator: '==', label: 'calico/k8s_ns', value: 'kube-system' },
          { kind: 'compare', operator: '==', label: 'k8s-app', value: 'kube-dns' },
        ],
      },
    ],
    ['a not in {}', { kind: 'set', operator: 'not in', label: 'a', values: [] }],
    ['a not in {"a"}', { kind: 'set', operator: 'not in', label: 'a', values: ['a'] }],
    ['a not in {"a","B"}', { kind: 'set', operator: 'not in', label: 'a', values: ['B', 'a'] }],
    ['global()', { kind: 'global' }],
    ['all()', { kind: 'all' }],
  ];
  for (const [text, selector] of tokenizedAndParsed) {
    test(`reads ${JSON.stringify(text)}`, () => {
      assert.deepEqual(parsed(text), selector);
    });
  }

  // Rows the tokenizer rejects, and rows it reads into tokens that the parser then rejects (a set needs braces).
  for (const text of [
    'label starts foo "value"',
    'label ends foo "value"',
    'label squiggles "value"',
    'a not in "bar" && !has(foo) || b in c',
    'a  not  in  "bar"  &&  ! has( foo )  ||  b  in  c ',
    'a notin"bar"&&!has(foo)||b in"c"',
  ]) {
    test(`rejects ${JSON.stringify(text)}`, () => {
      rejected(text);
    });
  }
});

describe('Calico selectors: the docs', () => {
  test('the match operators table', () => {
    assert.equal(matches('all()', { any: 'thing' }), true);
    assert.equal(matches('!all()', {}), false, 'To match no resources, combine all() with !');
    assert.equal(matches("k == 'v'", { k: 'v' }), true);
    assert.equal(matches("k == 'v'", { k: 'w' }), false);
    assert.equal(matches("k != 'v'", {}), true, 'without label k');
    assert.equal(matches("k != 'v'", { k: 'w' }), true);
    assert.equal(matches("k != 'v'", { k: 'v' }), false);
    assert.equal(matches('has(k)', { k: '' }), true, 'independent of value');
    assert.equal(matches('!has(k)', { k: '' }), false);
    assert.equal(matches("k in { 'v1', 'v2' }", { k: 'v2' }), true);
    assert.equal(matches("k in { 'v1', 'v2' }", {}), false);
    assert.equal(matches("k not in { 'v1', 'v2' }", {}), true, 'without label k');
    assert.equal(matches("k not in { 'v1', 'v2' }", { k: 'v3' }), true);
    assert.equal(matches("k not in { 'v1', 'v2' }", { k: 'v1' }), false);
    assert.equal(matches("k contains 's'", { k: 'ass' }), true);
    assert.equal(matches("k starts with 's'", { k: 'ass' }), false);
    assert.equal(matches("k ends with 's'", { k: 'ass' }), true);
    for (const operator of ['contains', 'starts with', 'ends with']) assert.equal(matches(`k ${operator} ''`, {}), false, `${operator} needs the label`);
  });

  test('the precedence example reads as the docs bracket it', () => {
    const text = "! has(my-label) || my-label starts with 'prod' && role in {'frontend','business'}";
    // The docs' bracketed form closes one parenthesis too few; this is it balanced.
    const bracketed = "((!(has(my-label))) || ((my-label starts with 'prod') && (role in {'frontend','business'})))";
    assert.deepEqual(parsed(text), parsed(bracketed));
    assert.deepEqual(parsed(text), {
      kind: 'or',
      operands: [
        { kind: 'not', operand: { kind: 'has', label: 'my-label' } },
        {
          kind: 'and',
          operands: [
            { kind: 'compare', operator: 'starts with', label: 'my-label', value: 'prod' },
            { kind: 'set', operator: 'in', label: 'role', values: ['business', 'frontend'] },
          ],
        },
      ],
    });
    assert.equal(selectorText(parsed(text)), '!has(my-label) || (my-label starts with "prod" && role in {"business", "frontend"})');
    assert.equal(matches(text, {}), true, 'any resource that did not have label my-label');
    assert.equal(matches(text, { 'my-label': 'production', role: 'business' }), true);
    assert.equal(matches(text, { 'my-label': 'production', role: 'backend' }), false);
    assert.equal(matches(text, { 'my-label': 'staging', role: 'frontend' }), false);
  });

  test('namespace and Kubernetes label keys with dots, slashes and dashes', () => {
    assert.equal(matches('projectcalico.org/namespace == "default"', { 'projectcalico.org/namespace': 'default' }), true);
    assert.equal(matches('projectcalico.org/namespace == "default"', { namespace: 'default' }), false);
    assert.equal(matches("kubernetes.io/metadata.name in {'kube-system', 'monitoring'}", { 'kubernetes.io/metadata.name': 'monitoring' }), true);
    assert.equal(matches("role == 'database'", { role: 'database' }), true);
    assert.equal(matches('role=="webserver"', { role: 'webserver' }), true);
    assert.equal(matches('has(app.kubernetes.io/name) && !has(k8s-app)', { 'app.kubernetes.io/name': 'x' }), true);
  });
});

describe('Calico selectors: semantics', () => {
  test('global() matches every label set, as Calico evaluates it, but is not all()', () => {
    const global = parsed('global()');
    assert.deepEqual(global, { kind: 'global' });
    assert.equal(matchesCalicoSelector(global, {}), true);
    assert.equal(matchesCalicoSelector(global, { 'projectcalico.org/namespace': 'default' }), true);
    assert.equal(selectsAll(global), false);
    assert.equal(selectorText(global), 'global()');
    assert.equal(matches('!global()', {}), false);
  });

  test('selectsAll is all(), however it is written, and nothing else', () => {
    for (const text of ['', '   ', '\t', 'all()', ' all( ) ', ' (all() )', '((all()))', '!!all()', '! ! all()']) assert.equal(selectsAll(parsed(text)), true, JSON.stringify(text));
    for (const text of ['!all()', 'global()', 'has(a)', 'all() && all()', 'all() || has(a)', '!(!all())']) assert.equal(selectsAll(parsed(text)), false, text);
  });

  test('! binds tighter than &&, which binds tighter than ||', () => {
    assert.deepEqual(parsed('!a == "x" && b == "y"'), {
      kind: 'and',
      operands: [
        { kind: 'not', operand: { kind: 'compare', operator: '==', label: 'a', value: 'x' } },
        { kind: 'compare', operator: '==', label: 'b', value: 'y' },
      ],
    });
    assert.deepEqual(parsed('has(a) || has(b) && has(c)'), {
      kind: 'or',
      operands: [{ kind: 'has', label: 'a' }, { kind: 'and', operands: [{ kind: 'has', label: 'b' }, { kind: 'has', label: 'c' }] }],
    });
    assert.equal(matches('has(a) || has(b) && has(c)', { a: '' }), true);
    assert.equal(matches('(has(a) || has(b)) && has(c)', { a: '' }), false);
    assert.equal(selectorText(parsed('(has(a) || has(b)) && has(c)')), '(has(a) || has(b)) && has(c)');
    assert.deepEqual(parsed('has(a) && has(b) && has(c)'), { kind: 'and', operands: [{ kind: 'has', label: 'a' }, { kind: 'has', label: 'b' }, { kind: 'has', label: 'c' }] });
  });

  test('pairs of ! cancel, as Calico collapses them', () => {
    assert.deepEqual(parsed('!!has(a)'), { kind: 'has', label: 'a' });
    assert.deepEqual(parsed('!!!has(a)'), { kind: 'not', operand: { kind: 'has', label: 'a' } });
    assert.equal(matches('!(!has(a))', { a: 'x' }), true);
    assert.equal(matches('!(!has(a))', {}), false);
  });

  test('single and double quotes, each holding the other, and no escapes', () => {
    assert.equal(matches(`a == '"quoted"'`, { a: '"quoted"' }), true);
    assert.equal(matches(`a == "it's"`, { a: "it's" }), true);
    assert.equal(matches(`a == "back\\slash"`, { a: 'back\\slash' }), true, 'a backslash is itself');
    assert.equal(matches('a == ""', { a: '' }), true);
    assert.equal(matches('a == ""', {}), false);
    assert.equal(matches('a == " spaced  "', { a: ' spaced  ' }), true);
    assert.equal(matches('a == "ünïcødé 😀"', { a: 'ünïcødé 😀' }), true);
    assert.equal(selectorText(parsed(`a in {'"', "'"}`)), `a in {'"', "'"}`);
  });

  test('whitespace: spaces and tabs anywhere between tokens, none inside has(, all( or global(', () => {
    assert.deepEqual(parsed('\t has(\ta\t)\t&&\tall(  )  &&  global( ) '), {
      kind: 'and',
      operands: [{ kind: 'has', label: 'a' }, { kind: 'all' }, { kind: 'global' }],
    });
    assert.equal(matches('a==\'b\'&&c!="d"', { a: 'b' }), true);
    assert.equal(matches('a in{"x"}', { a: 'x' }), true);
    assert.equal(matches('a notin{"x"}', { a: 'y' }), true);
    assert.equal(matches('a not\tin {"x"}', { a: 'x' }), false);
    assert.match(rejected('has (a)').message, /no space before '\('/);
    assert.match(rejected('all ()').message, /no space before '\('/);
    const lineBreak = rejected('has(a) &&\nhas(b)');
    assert.equal(lineBreak.offset, 9);
    assert.match(lineBreak.message, /line break/);
  });

  test('operator words need a word boundary after them', () => {
    assert.equal(rejected('a inx {"y"}').offset, 2);
    assert.equal(rejected('a containsx "y"').offset, 2);
    assert.equal(rejected('a starts withx "y"').offset, 2);
    assert.equal(rejected('a notation == "y"').offset, 2);
    // A label may itself be spelt like a keyword.
    assert.equal(matches('in in {"a"}', { in: 'a' }), true);
    assert.equal(matches('has == "x" && all != "y" && global == "z"', { has: 'x', global: 'z' }), true);
  });

  test('sets: empty, trailing comma, repeats; nothing else', () => {
    assert.equal(matches('a in {}', { a: '' }), false);
    assert.equal(matches('a not in {}', { a: '' }), true);
    assert.deepEqual(parsed('a in {"x",}'), { kind: 'set', operator: 'in', label: 'a', values: ['x'] });
    assert.deepEqual(parsed('a in {"b", "a", "b"}'), { kind: 'set', operator: 'in', label: 'a', values: ['a', 'b'] });
    assert.equal(rejected('a in {,}').offset, 6);
    assert.equal(rejected('a in {"x",,"y"}').offset, 10);
    assert.match(rejected('a in {"x" "y"}').message, /expected ',' or '}'/);
    assert.match(rejected('a in {x}').message, /expected a quoted string or '}'/);
    assert.match(rejected('a in ("x")').message, /expected '\{'/);
  });

  test('labels: up to 512 characters', () => {
    const longest = 'k'.repeat(512);
    assert.equal(matches(`${longest} == "v"`, { [longest]: 'v' }), true);
    assert.equal(matches(`has(${longest})`, { [longest]: '' }), true);
    assert.match(rejected(`${longest}k == "v"`).message, /label too long/);
    assert.equal(rejected(`has( ${longest}k)`).offset, 5);
  });

  test('label lookups never reach Object.prototype', () => {
    assert.equal(matches('has(constructor)', {}), false);
    assert.equal(matches('has(__proto__)', {}), false);
    assert.equal(matches('toString != "x"', {}), true);
    assert.equal(matches('toString starts with ""', {}), false, 'absent, so not even the empty prefix');
    assert.equal(matches('hasOwnProperty contains ""', {}), false);
    assert.equal(matches('constructor not in {"x"}', {}), true);
    assert.equal(matches('__proto__ == "x"', Object.fromEntries([['__proto__', 'x']])), true);
  });

  test('the labels of a matched object are only read', () => {
    const labels = Object.freeze({ a: 'b' });
    assert.equal(matches('a == "b" && !has(c)', labels), true);
    assert.deepEqual(labels, { a: 'b' });
  });
});

describe('Calico selectors: what is rejected, where and why', () => {
  const cases: readonly (readonly [string, number, RegExp])[] = [
    ['app = "web"', 4, /expected '==' but found a single '='/],
    ['app == web', 7, /expected a quoted string after 'app ==' but found label 'web' \(values are quoted/],
    ['app != 5', 7, /expected a quoted string/],
    ['has(foo) &&', 11, /expected a label, has\(\.\.\.\), all\(\), global\(\), '!' or '\(' after '&&' but found the end of the selector/],
    ['a == "b" ||', 11, /after '\|\|' but found the end/],
    ['a == "b" &', 9, /expected '&&' but found a single '&'/],
    ['a == "b" | has(c)', 9, /expected '\|\|'/],
    ['"FOO', 0, /unterminated string/],
    ['a == \'b', 5, /unterminated string/],
    ['(a == "foo"', 11, /expected '\)' to close the '\(' at offset 0 but found the end of the selector/],
    [')', 0, /expected a label, has\(\.\.\.\), all\(\), global\(\), '!' or '\(' but found '\)'/],
    ['has(a))', 6, /unexpected '\)'/],
    ['()', 1, /expected a label.*after '\(' but found '\)'/],
    ['a', 1, /expected an operator \(==, !=, in, not in, contains, starts with or ends with\) after label 'a' but found the end/],
    ['a b', 2, /after label 'a' but found 'b'/],
    ['a == "b" c', 9, /expected '&&', '\|\|' or the end of the selector but found label 'c'/],
    ['a == "b" has(c)', 9, /expected '&&', '\|\|' or the end/],
    ['%', 0, /unexpected character "%"/],
    ['a == "b" && %', 12, /unexpected character "%"/],
    ['has()', 4, /expected a label name inside has/],
    ['has(a b)', 6, /expected '\)' to close has\(a/],
    ['has(a', 5, /expected '\)' to close has\(a but found the end/],
    ['all(x)', 4, /expected '\)' to close all\(/],
    ['global(', 7, /expected '\)' to close global\(/],
    ['!', 1, /after '!' but found the end/],
    ['!=', 0, /but found '!='/],
    ['a ==', 4, /expected a quoted string after 'a ==' but found the end/],
    ['a in', 4, /expected '\{' to start the set after 'a in'/],
    ['a in {"x"', 9, /expected ',' or '}' in the set of 'a in' but found the end/],
    ['😀 == "x"', 0, /unexpected character "😀"/],
  ];
  for (const [text, offset, message] of cases) {
    test(`${JSON.stringify(text)}: at ${offset}, ${message.source}`, () => {
      const failure = rejected(text);
      assert.equal(failure.offset, offset);
      assert.match(failure.message, message);
    });
  }
});

describe('Calico selectors: memo', () => {
  test('the same text gives the same answer object, and the memo is bounded', () => {
    const first = parseCalicoSelector('memo == "first"');
    assert.equal(parseCalicoSelector('memo == "first"'), first);
    assert.equal(parseCalicoSelector('memo = "bad"'), parseCalicoSelector('memo = "bad"'), 'failures are kept too');
    for (let index = 0; index <= 10_000; index++) parseCalicoSelector(`filler == "${index}"`);
    const later = parseCalicoSelector('memo == "first"');
    assert.notEqual(later, first, 'the memo was emptied rather than kept growing');
    assert.deepEqual(later, first);
  });
});

describe('Calico selectors: hostile input', () => {
  test('nesting is limited to 64 parentheses, with the limit named', () => {
    assert.equal(matches(`${'('.repeat(64)}all()${')'.repeat(64)}`, {}), true);
    const tooDeep = rejected(`${'('.repeat(65)}all()${')'.repeat(65)}`);
    assert.equal(tooDeep.offset, 64);
    assert.match(tooDeep.message, /nested more than 64 deep/);
    assert.equal(rejected(`${'!('.repeat(65)}all()${')'.repeat(65)}`).offset, 129);
  });

  test('100,000 nested parentheses give an error, not a stack overflow', () => {
    assert.equal(rejected('('.repeat(100_000)).offset, 64);
    assert.equal(rejected(`${'('.repeat(100_000)}has(a)${')'.repeat(100_000)}`).offset, 64);
    assert.equal(rejected(')'.repeat(100_000)).offset, 0);
  });

  test('100,000 negations are read without recursion', () => {
    assert.deepEqual(parsed(`${'!'.repeat(100_000)}has(a)`), { kind: 'has', label: 'a' });
    assert.deepEqual(parsed(`${'! '.repeat(100_001)}has(a)`), { kind: 'not', operand: { kind: 'has', label: 'a' } });
  });

  test('a 1 MB selector parses, matches and writes back', () => {
    const terms = Array.from({ length: 70_000 }, (_, index) => `k${index} != "v"`);
    const text = terms.join(' && ');
    assert.ok(text.length > 1_000_000);
    const selector = parsed(text);
    assert.equal(selector.kind === 'and' && selector.operands.length, 70_000);
    assert.equal(matchesCalicoSelector(selector, {}), true);
    assert.equal(matchesCalicoSelector(selector, { k69999: 'v' }), false);
    assert.equal(selectorText(selector), text);
    assert.equal(matches(`k in {${Array.from({ length: 100_000 }, (_, index) => `"${index}"`).join(', ')}}`, { k: '99999' }), true);
  });

  test('1 MB of one thing: an unterminated quote, a label, blanks, an operator', () => {
    assert.equal(rejected(`a == "${'x'.repeat(1_000_000)}`).offset, 5);
    assert.equal(rejected(`'${'x'.repeat(1_000_000)}`).offset, 0);
    assert.match(rejected('x'.repeat(1_000_000)).message, /label too long/);
    assert.equal(selectsAll(parsed(' \t'.repeat(500_000))), true);
    assert.equal(rejected('&&'.repeat(500_000)).offset, 0);
    assert.equal(rejected(`${'has(a) && '.repeat(100_000)}`).offset, 1_000_000);
    const longValue = rejected(`a == "${'y'.repeat(1_000_000)}" b`);
    assert.ok(longValue.message.length < 200, 'huge values are clipped in messages');
  });

  test('every prefix of a valid selector parses or fails cleanly', () => {
    const text =
      "!(has(projectcalico.org/namespace) || app.kubernetes.io/name in {'web', \"api\",}) && tier not in {} && ( role == 'db' || !!env starts  with \"prod\" ) && x endswith 'z' && y contains \"'\" && global() || all()";
    const labelSets: readonly Labels[] = [{}, { tier: 'front', role: 'db', x: 'az', y: "it's" }, { 'app.kubernetes.io/name': 'web' }, { env: 'production', x: 'z', y: "'" }];
    parsed(text);
    for (let length = 0; length <= text.length; length++) checkAnyText(text.slice(0, length), labelSets);
    for (let start = 0; start <= text.length; start++) checkAnyText(text.slice(start), labelSets);
  });

  test('random text from selector pieces never throws, and whatever parses round-trips', () => {
    const pieces = [
      'a', 'b.c/d-e_f', ' ', '\t', '(', ')', '{', '}', ',', '"', "'", '"v"', "'w'", '==', '=', '!', '!=', '&&', '&', '||', '|',
      'in', 'not', 'not in', 'contains', 'starts', 'with', 'ends with', 'has(', 'has(a)', 'all()', 'global()', 'all(', '\n', '%', 'é', '😀',
    ];
    const labelSets: readonly Labels[] = [{}, { a: 'v' }, { a: 'w', 'b.c/d-e_f': 'v' }, { 'b.c/d-e_f': '"' }];
    // A fixed linear congruential sequence, so a failure here is the same on every run.
    let seed = 12345;
    const nextIndex = (below: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % below;
    };
    let parsedCount = 0;
    for (let round = 0; round < 20_000; round++) {
      let text = '';
      for (let count = nextIndex(12); count > 0; count--) text += pieces[nextIndex(pieces.length)];
      checkAnyText(text, labelSets);
      if (parseCalicoSelector(text).ok) parsedCount++;
    }
    assert.ok(parsedCount > 500, `enough random texts parse to exercise round trips (${parsedCount})`);
  });
});
