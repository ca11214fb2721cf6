/** Every custom function Marina registers, in one table (extending is adding a row). */
import { ARITHMETIC_FUNCTIONS } from './arithmetic.ts';
import { MISC_FUNCTIONS } from './misc.ts';
import type { FunctionEntry } from './signature.ts';
import { STRING_FUNCTIONS } from './strings.ts';
import { TIME_FUNCTIONS } from './time.ts';

export type { FunctionEntry };

export const FUNCTIONS: FunctionEntry[] = [...STRING_FUNCTIONS, ...ARITHMETIC_FUNCTIONS, ...TIME_FUNCTIONS, ...MISC_FUNCTIONS];
