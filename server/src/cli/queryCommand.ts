import * as readline from 'node:readline';
import type { ClusterSnapshot } from '../engine';
import { answerRequest, type QueryRequest } from '../features/query';

export const QUERY_HELP = `Usage: kubetrace query [options] PATH...

Reads JSON requests from standard input, one per line, and answers each on one line of standard output as
soon as it is read, in the same order, echoing "id". Exits 0 at the end of input. The request and answer
kinds are described by the JSON Schema in schemas/query.schema.json.

  {"id":1,"kind":"dns","name":"db.data","type":"A","fromNamespace":"shop"}
  {"id":2,"kind":"trace","from":"shop/web","to":"http://api.shop:8080/users","protocol":"TCP"}
  {"id":3,"kind":"rules","mode":"iptables","node":"node-1"}
  {"id":4,"kind":"endpoints","namespace":"shop"}     (as kubectl get endpoints prints them)
  {"id":5,"kind":"env","namespace":"shop"}           (the Service variables a pod there gets)
  {"id":6,"kind":"connect","from":"shop/web","to":"shop/api","protocol":"TCP","port":8080}
  {"id":7,"kind":"http","url":"http://shop.example.com/api/x","from":"external","method":"GET","headers":{}}

Options:
  --profile FILE         the cluster profile (default: kubetrace.yaml in or above the first PATH)
  --exclude GLOB         skip files matching GLOB (repeatable)
  -h, --help             show this help
`;

/** Reads JSON Lines from `input` and writes one answer line per request line, in order. */
export async function runQuery(snapshot: ClusterSnapshot, input: NodeJS.ReadableStream, out: (text: string) => void): Promise<number> {
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    let request: unknown;
    try {
      request = JSON.parse(line);
    } catch (error) {
      out(`${JSON.stringify({ id: null, error: `not JSON: ${error instanceof Error ? error.message : String(error)}` })}\n`);
      continue;
    }
    if (typeof request !== 'object' || request === null || Array.isArray(request)) {
      out(`${JSON.stringify({ id: null, error: 'a request must be a JSON object' })}\n`);
      continue;
    }
    let answer: Record<string, unknown>;
    try {
      answer = answerRequest(request as QueryRequest, snapshot);
    } catch (error) {
      answer = { id: (request as QueryRequest).id ?? null, error: `internal error: ${error instanceof Error ? error.message : String(error)}` };
    }
    out(`${JSON.stringify(answer)}\n`);
  }
  return 0;
}
