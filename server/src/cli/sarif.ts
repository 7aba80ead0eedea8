import type { Problem } from '../engine';
import { displayPath } from './paths';

const LEVEL: Record<Problem['severity'], string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

/** SARIF 2.1.0: one run, one result per problem with its location (1-based lines and columns). */
export function toSarif(problems: readonly Problem[]): object {
  const codes = [...new Set(problems.map((problem) => problem.code))].sort();
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'kubetrace', informationUri: 'https://github.com/kubetrace/kubetrace', rules: codes.map((code) => ({ id: code, name: code })) } },
        results: problems.map((problem) => ({
          ruleId: problem.code,
          level: LEVEL[problem.severity],
          message: { text: problem.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: displayPath(problem.uri).split('\\').join('/') },
                region: {
                  startLine: problem.range.start.line + 1,
                  startColumn: problem.range.start.character + 1,
                  endLine: problem.range.end.line + 1,
                  endColumn: problem.range.end.character + 1,
                },
              },
            },
          ],
          ...(problem.related && {
            relatedLocations: problem.related.map((related, index) => ({
              id: index + 1,
              message: { text: related.message },
              physicalLocation: { artifactLocation: { uri: displayPath(related.uri) }, region: { startLine: related.range.start.line + 1, startColumn: related.range.start.character + 1 } },
            })),
          }),
        })),
      },
    ],
  };
}
