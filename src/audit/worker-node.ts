/**
 * The log name of worker `index` (from 1) of node `node` under `plinth start --workers N`. Each
 * worker appends to a chain of its own: one chain with two appenders in two processes would
 * fork. The name is derived, not configured, so a restarted worker continues its predecessor's
 * log and `plinth audit verify` knows these logs are signed with this data directory's key.
 */
export function workerNode(node: string, index: number): string {
  return `${node}.w${index}`;
}

/** Whether `candidate` is one of the worker logs of `node`. */
export function isWorkerNodeOf(node: string, candidate: string): boolean {
  return candidate.startsWith(`${node}.w`) && /^[1-9][0-9]*$/.test(candidate.slice(node.length + 2));
}

/**
 * The log of what an operator did to node `node` from its host with plinth's offline commands
 * (`plinth root rotate`): a chain of its own, beside the server's, so the command never appends
 * to a chain a running process holds.
 */
export function operatorNode(node: string): string {
  return `${node}.ops`;
}

/** Whether `candidate` is a log this node's data directory signs: its own, a worker's, or its operator log. */
export function isLogOfNode(node: string, candidate: string): boolean {
  return candidate === node || candidate === operatorNode(node) || isWorkerNodeOf(node, candidate);
}
