/**
 * PolicyReport (wgpolicyk8s.io/v1alpha2) result entries for rule responses, as Kyverno writes them;
 * the report objects themselves are assembled and kept current by the report controller.
 */
import type { JsonObject, PolicyResponse, RuleStatus } from './types.ts';

export interface PolicyReportResult {
  source: 'kyverno';
  policy: string;
  rule: string;
  result: RuleStatus;
  message: string;
  scored: boolean;
  severity?: string;
  category?: string;
  timestamp: { seconds: number; nanos: number };
  resources: { apiVersion: string; kind: string; name: string; namespace?: string; uid?: string }[];
  properties?: Record<string, string>;
}

export interface PolicyMeta {
  name: string;
  namespace?: string;
  annotations?: Record<string, string>;
}

/** One result per applied rule; `policies` supplies severity/category annotations by policy name. */
export function reportResults(responses: PolicyResponse[], resource: JsonObject, policies: PolicyMeta[], now: Date, process = 'admission review'): PolicyReportResult[] {
  const meta = (resource.metadata ?? {}) as JsonObject;
  const ref = {
    apiVersion: String(resource.apiVersion ?? ''),
    kind: String(resource.kind ?? ''),
    name: String(meta.name ?? ''),
    ...(meta.namespace ? { namespace: String(meta.namespace) } : {}),
    ...(meta.uid ? { uid: String(meta.uid) } : {}),
  };
  const out: PolicyReportResult[] = [];
  for (const p of responses) {
    const annotations = policies.find((m) => m.name === p.policy && (m.namespace ?? '') === (p.namespace ?? ''))?.annotations ?? {};
    const scored = annotations['policies.kyverno.io/scored'] !== 'false';
    for (const r of p.rules) {
      out.push({
        source: 'kyverno',
        policy: p.namespace ? `${p.namespace}/${p.policy}` : p.policy,
        rule: r.name,
        // unscored policies report warn instead of fail, as Kyverno does
        result: !scored && r.status === 'fail' ? 'warn' : r.status,
        message: r.message,
        scored,
        ...(annotations['policies.kyverno.io/severity'] ? { severity: annotations['policies.kyverno.io/severity'] } : {}),
        ...(annotations['policies.kyverno.io/category'] ? { category: annotations['policies.kyverno.io/category'] } : {}),
        timestamp: { seconds: Math.floor(now.getTime() / 1000), nanos: 0 },
        resources: [ref],
        properties: { process },
      });
    }
  }
  return out;
}
