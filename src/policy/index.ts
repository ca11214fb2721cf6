/**
 * Marina's Kyverno-compatible policy engine: pure functions over plain JSON objects, with narrow
 * injected collaborators (context loader, namespace labels, user roles, clock).
 */
export { evaluatePolicies, scanResource, type AdmissionResult, type KyvernoPolicy, type KyvernoRule } from './engine.ts';
export { blockedMessage, deniedBy, warningMessages, VALIDATE_WEBHOOK, MUTATE_WEBHOOK } from './admission.ts';
export { reportResults, type PolicyReportResult, type PolicyMeta } from './report.ts';
export { withAutogenRules } from './autogen.ts';
export { matchPattern, type PatternResult } from './pattern-match.ts';
export { matchValue } from './pattern.ts';
export { evaluateConditions, OPERATORS, type Condition } from './conditions.ts';
export { substituteAll, SubstitutionError } from './variables.ts';
export { buildContext, loadContextEntries } from './context.ts';
export { search as jmespathSearch, functionNames as jmespathFunctionNames } from './jmespath/interpreter.ts';
export { applyStrategicMerge } from './mutate/strategic.ts';
export { applyJsonPatch } from './mutate/jsonpatch.ts';
export { generateLabels } from './generate.ts';
export { ruleApplies, matchTarget, kindMatches, type MatchBlock } from './match.ts';
export { runKyvernoTest, type KyvernoTestResult, type KyvernoTestRow } from './testrunner/run.ts';
export type {
  AdmissionRequest,
  Collaborators,
  ContextLoader,
  GeneratedResource,
  PatchOperation,
  PolicyResponse,
  RuleResponse,
  RuleStatus,
  RuleType,
  UserRoles,
} from './types.ts';
