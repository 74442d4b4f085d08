/**
 * Knowledge changed in a workspace: the engine issue hangs the debounced retraining here.
 */
type Listener = (workspaceId: number) => void;
const g = globalThis as unknown as { __kbKnowledgeListeners?: Set<Listener> };
const listeners = (g.__kbKnowledgeListeners ??= new Set());

export function onKnowledgeChanged(workspaceId: number) {
  for (const l of listeners) l(workspaceId);
}

export function subscribeKnowledgeChanged(l: Listener) {
  listeners.add(l);
  return () => listeners.delete(l);
}
