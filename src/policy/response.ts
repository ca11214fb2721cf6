/** Rule responses worded as Kyverno's engineapi helpers build them. */
import type { RuleResponse, RuleStatus, RuleType } from './types.ts';

export const ruleResponse = (name: string, type: RuleType, status: RuleStatus, message: string): RuleResponse => ({ name, type, status, message });
export const rulePass = (name: string, type: RuleType, message: string) => ruleResponse(name, type, 'pass', message);
export const ruleFail = (name: string, type: RuleType, message: string) => ruleResponse(name, type, 'fail', message);
export const ruleSkip = (name: string, type: RuleType, message: string) => ruleResponse(name, type, 'skip', message);
/** `failed to load context: <cause>`, as engineapi.RuleError formats it. */
export const ruleError = (name: string, type: RuleType, message: string, err?: unknown) =>
  ruleResponse(name, type, 'error', err === undefined ? message : `${message}: ${err instanceof Error ? err.message : String(err)}`);

export const joinNonEmpty = (parts: string[], sep: string) => parts.filter((p) => p !== '').join(sep);
