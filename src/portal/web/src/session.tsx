/** The signed-in person: loaded once from GET /api/v1/session, set by signup and login. */
import { createContext, useContext } from 'react';
import type { Session } from './api.ts';

export interface SessionState {
  session: Session | null;
  setSession: (s: Session | null) => void;
}

export const SessionContext = createContext<SessionState>({ session: null, setSession: () => {} });
export const useSession = (): SessionState => useContext(SessionContext);
