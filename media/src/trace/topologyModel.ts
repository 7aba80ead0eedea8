/** The topology's filter, free of the DOM: the engine's topology (engine/topology.ts) narrowed to what the search box asks for. */
import type { Topology } from '../../../server/src/engine';

/**
 * The nodes whose label or namespace contains the query (any case), their direct neighbours, and the edges
 * among those. An empty query keeps everything.
 */
export function filterTopology(topology: Topology, query: string): Topology {
  const needle = query.trim().toLowerCase();
  if (needle === '') return topology;
  const matched = new Set(topology.nodes.filter((node) => node.label.toLowerCase().includes(needle) || node.namespace.toLowerCase().includes(needle)).map((node) => node.id));
  const kept = new Set(matched);
  for (const edge of topology.edges) {
    if (matched.has(edge.from)) kept.add(edge.to);
    if (matched.has(edge.to)) kept.add(edge.from);
  }
  return {
    nodes: topology.nodes.filter((node) => kept.has(node.id)),
    edges: topology.edges.filter((edge) => kept.has(edge.from) && kept.has(edge.to)),
  };
}
