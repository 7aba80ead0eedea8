import type { Container } from '../objects';

/**
 * Whether a container is told a port number in its command, arguments or environment (`--webhook-port=9443`,
 * `--metrics-bind-address=:8443`, `PORT=3000`): controllers commonly take their ports there rather than from
 * containerPort, so an undeclared port that is mentioned needs no note.
 */
export function mentionsPort(container: Container, port: number): boolean {
  const number = new RegExp(`(^|[^0-9])${port}([^0-9]|$)`);
  const texts = [...(container.command?.value ?? []), ...(container.args?.value ?? [])].map((item) => item.value);
  for (const variable of container.env?.value ?? []) if (variable.value) texts.push(variable.value.value);
  return texts.some((text) => number.test(text));
}
