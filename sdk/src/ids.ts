/**
 * A random id for turns and conversations: a UUID where the platform has one (browsers only in secure
 * contexts), else the time and 52 random bits in base 36.
 */
export function newId(): string {
  return globalThis.crypto?.randomUUID?.() ?? Date.now().toString(36) + Math.random().toString(36).slice(2);
}
