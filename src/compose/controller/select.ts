/**
 * Which Composition a composite uses, as Crossplane 1.x's selector chain decides it: the XRD's
 * `enforcedCompositionRef`, else `spec.compositionRef`, else `spec.compositionSelector` labels, else the
 * XRD's `defaultCompositionRef`, else the only Composition for the composite's type. Pure.
 */
import { ComposeError } from '../index.ts';

type Obj = Record<string, any>;

export interface Selected {
  composition: Obj;
  /** How it was chosen (for the message when it is not usable). */
  by: 'enforced' | 'reference' | 'selector' | 'default' | 'only';
}

const nameOf = (c: Obj): string => c.metadata?.name;

function matchesType(c: Obj, xr: Obj): boolean {
  const t = c.spec?.compositeTypeRef ?? {};
  return t.apiVersion === xr.apiVersion && t.kind === xr.kind;
}

function matchesLabels(c: Obj, labels: Record<string, string>): boolean {
  const have = c.metadata?.labels ?? {};
  return Object.entries(labels).every(([k, v]) => have[k] === v);
}

function byName(compositions: Obj[], name: string, xr: Obj, by: Selected['by']): Selected {
  const c = compositions.find((x) => nameOf(x) === name);
  if (!c) throw new ComposeError('InvalidComposition', `cannot get Composition ${JSON.stringify(name)}: not found`);
  if (!matchesType(c, xr)) {
    const t = c.spec?.compositeTypeRef ?? {};
    throw new ComposeError('InvalidComposition', `Composition ${JSON.stringify(name)} composes ${t.kind}.${t.apiVersion}, not ${xr.kind}.${xr.apiVersion}`);
  }
  return { composition: c, by };
}

export function selectComposition(xr: Obj, xrd: Obj, compositions: Obj[]): Selected {
  const enforced = xrd.spec?.enforcedCompositionRef?.name;
  if (enforced) return byName(compositions, enforced, xr, 'enforced');
  const ref = xr.spec?.compositionRef?.name;
  if (ref) return byName(compositions, ref, xr, 'reference');
  const candidates = compositions.filter((c) => matchesType(c, xr)).sort((a, b) => nameOf(a).localeCompare(nameOf(b)));
  const selector = xr.spec?.compositionSelector?.matchLabels;
  if (selector) {
    // Crossplane picks one of the matches at random; the first by name keeps reconciles deterministic.
    const c = candidates.find((x) => matchesLabels(x, selector));
    if (!c) throw new ComposeError('InvalidComposition', `no Composition for ${xr.kind}.${xr.apiVersion} matches labels ${JSON.stringify(selector)}`);
    return { composition: c, by: 'selector' };
  }
  const dflt = xrd.spec?.defaultCompositionRef?.name;
  if (dflt) return byName(compositions, dflt, xr, 'default');
  if (candidates.length === 1) return { composition: candidates[0]!, by: 'only' };
  if (candidates.length === 0) throw new ComposeError('InvalidComposition', `no Composition composes ${xr.kind}.${xr.apiVersion}`);
  throw new ComposeError('InvalidComposition', `${candidates.length} Compositions compose ${xr.kind}.${xr.apiVersion} (${candidates.map(nameOf).join(', ')}): set spec.compositionRef or spec.compositionSelector, or the XRD's defaultCompositionRef`);
}
