import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Benchmark-only overlay that turns on the Collector's pprof extension (never in production). */
export const PPROF_OVERLAY = fileURLToPath(new URL('./pprof-overlay.yaml', import.meta.url));

/**
 * Records `seconds` of the Collector's CPU profile from its pprof endpoint (`/debug/pprof/profile`,
 * Go's net/http/pprof) and writes it to `path`, gzipped protobuf as `go tool pprof` reads it.
 */
export async function captureCpuProfile(pprofUrl: string, seconds: number, path: string): Promise<number> {
  const response = await fetch(`${pprofUrl}/debug/pprof/profile?seconds=${Math.max(1, Math.floor(seconds))}`);
  if (!response.ok) throw new Error(`pprof answered ${response.status} at ${pprofUrl}: is the overlay merged?`);
  const profile = new Uint8Array(await response.arrayBuffer());
  writeFileSync(path, profile);
  return profile.length;
}
