/**
 * Checks an ExportLogsServiceRequest in OTLP/JSON against the protobuf JSON mapping the Collector reads:
 * lowercase hex ids of the right length, nanosecond times as decimal strings, one typed field per AnyValue.
 * Returns the problems found (none means valid).
 */
export function checkLogsRequest(body: unknown): string[] {
  const problems: string[] = [];
  const anyValue = (value: unknown, where: string) => {
    const keys = value && typeof value === 'object' ? Object.keys(value) : [];
    if (keys.length !== 1) return problems.push(`${where}: AnyValue needs exactly one field`);
    const [key] = keys;
    const v = (value as Record<string, unknown>)[key as string];
    const ok =
      (key === 'stringValue' && typeof v === 'string') ||
      (key === 'boolValue' && typeof v === 'boolean') ||
      (key === 'intValue' && typeof v === 'string' && /^-?\d+$/.test(v)) ||
      (key === 'doubleValue' && (typeof v === 'number' || v === 'NaN' || v === 'Infinity' || v === '-Infinity')) ||
      key === 'arrayValue';
    if (!ok) problems.push(`${where}: bad AnyValue ${JSON.stringify(value)}`);
  };
  const attributes = (list: unknown, where: string) => {
    if (!Array.isArray(list)) return problems.push(`${where}: attributes must be an array`);
    for (const kv of list) {
      if (typeof kv?.key !== 'string' || !kv.key) problems.push(`${where}: attribute without key`);
      anyValue(kv?.value, `${where}.${kv?.key}`);
    }
  };
  const resourceLogs = (body as { resourceLogs?: unknown })?.resourceLogs;
  if (!Array.isArray(resourceLogs)) return ['resourceLogs missing'];
  for (const rl of resourceLogs) {
    attributes(rl?.resource?.attributes, 'resource');
    for (const sl of rl?.scopeLogs ?? []) {
      if (typeof sl?.scope?.name !== 'string') problems.push('scope.name missing');
      for (const [i, lr] of (sl?.logRecords ?? []).entries()) {
        const at = `logRecords[${i}]`;
        if (!/^\d{19}$/.test(lr?.timeUnixNano)) problems.push(`${at}: timeUnixNano must be a 19-digit string`);
        if (typeof lr?.eventName !== 'string' || !lr.eventName) problems.push(`${at}: eventName missing`);
        if (lr?.traceId !== undefined && !/^[0-9a-f]{32}$/.test(lr.traceId)) problems.push(`${at}: bad traceId`);
        if (lr?.spanId !== undefined && !/^[0-9a-f]{16}$/.test(lr.spanId)) problems.push(`${at}: bad spanId`);
        attributes(lr?.attributes, at);
      }
    }
  }
  return problems;
}
