import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { VERDICT_KINDS } from '../../server/src/engine/trace/types';
import { PROJECT_ROOT } from '../support/fixtures';

interface TraceAnswerSchema {
  $defs: { traceAnswer: { properties: { verdict: { properties: { kind: { enum: string[] } } } } } };
}

/** The verdicts the README's `kubetrace trace` entry lists, in its words: the backquoted names after "Verdicts:". */
function readmeVerdicts(): string[] {
  const readme = fs.readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8');
  const sentence = /Verdicts: ([\s\S]*?)\. Exit status/.exec(readme);
  assert.ok(sentence, 'the README lists the trace verdicts after "Verdicts:"');
  // A parenthesis explains a verdict; its backquoted words are not verdicts.
  return [...sentence[1]!.replace(/\([^)]*\)/g, '').matchAll(/`([a-z-]+)`/g)].map((match) => match[1]!);
}

describe('the trace verdicts', () => {
  test('the query schema, the README and the engine list the same verdicts', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'schemas', 'query.schema.json'), 'utf8')) as TraceAnswerSchema;
    const inSchema = schema.$defs.traceAnswer.properties.verdict.properties.kind.enum;
    assert.deepEqual([...inSchema].sort(), [...readmeVerdicts()].sort());
    assert.deepEqual([...inSchema].sort(), [...VERDICT_KINDS].sort());
  });
});
