/** The shell: session bootstrap, navigation, and the page for the current path. */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { api, RequestError, setCsrfToken, setUnauthorizedHandler, type Session } from './api.ts';
import { ErrorState, Loading } from './components.tsx';
import { Link, match, navigate, RouterProvider, usePath } from './router.tsx';
import { SessionContext, useSession } from './session.tsx';
import { LoginPage, SignupPage } from './pages/auth.tsx';
import { HomePage } from './pages/home.tsx';
import { InstallPage } from './pages/install.tsx';
import { RuntimesPage } from './pages/runtimes.tsx';
import { GitProvidersPage } from './pages/gitproviders.tsx';
import { ClustersPage } from './pages/clusters.tsx';
import { ApplicationsPage } from './pages/applications.tsx';
import { ApplicationPage } from './pages/application.tsx';
import { NewApplicationPage } from './pages/newapplication.tsx';
import { DashboardPage } from './pages/dashboard.tsx';
import { AdminPage } from './pages/admin.tsx';
import { AccountPage } from './pages/account.tsx';

const PUBLIC = ['/login', '/signup'];

export function App() {
  const [session, setSessionState] = useState<Session | null>(null);
  const [boot, setBoot] = useState<'loading' | 'ready' | { error: unknown }>('loading');
  const setSession = (s: Session | null) => {
    setCsrfToken(s?.csrfToken ?? '');
    setSessionState(s);
  };

  const load = () => {
    setBoot('loading');
    api
      .session()
      .then((s) => {
        setSession(s);
        setBoot('ready');
      })
      .catch((e) => {
        if (e instanceof RequestError && (e.status === 401 || e.status === 404)) {
          setSession(null);
          setBoot('ready');
        } else setBoot({ error: e });
      });
  };
  useEffect(() => {
    setUnauthorizedHandler(() => {
      setSession(null);
      navigate(`/login?next=${encodeURIComponent(location.pathname)}`, true);
    });
    load();
  }, []);

  if (boot === 'loading') return <Loading label="Starting Marina…" />;
  if (boot !== 'ready') return <ErrorState title="Marina is not reachable" error={boot.error} retry={load} />;
  return (
    <SessionContext.Provider value={{ session, setSession }}>
      <RouterProvider>
        <Routes />
      </RouterProvider>
    </SessionContext.Provider>
  );
}

function Routes() {
  const path = usePath();
  const { session } = useSession();
  useEffect(() => {
    if (!session && !PUBLIC.includes(path)) navigate(`/login${path !== '/' ? `?next=${encodeURIComponent(path)}` : ''}`, true);
    if (session && PUBLIC.includes(path)) navigate('/', true);
  }, [session, path]);
  if (!session) {
    if (path === '/signup') return <SignupPage />;
    return <LoginPage />;
  }
  if (PUBLIC.includes(path)) return null;
  return <Shell>{page(path, session)}</Shell>;
}

function page(path: string, session: Session): ReactNode {
  if (path === '/') return <HomePage />;
  if (path === '/install') return <InstallPage />;
  if (path === '/runtimes') return <RuntimesPage />;
  if (path === '/git-providers') return <GitProvidersPage />;
  if (path === '/managed-clusters') return <ClustersPage />;
  if (path === '/applications') return <ApplicationsPage />;
  if (path === '/applications/new') return <NewApplicationPage />;
  const app = match('/applications/:name', path);
  if (app) return <ApplicationPage name={app.name!} />;
  if (path === '/dashboard') return <DashboardPage />;
  if (path === '/account') return <AccountPage />;
  if (path === '/admin') return session.role === 'admin' ? <AdminPage /> : <NotFound forbidden />;
  return <NotFound />;
}

function NotFound({ forbidden }: { forbidden?: boolean }) {
  return (
    <div className="state state-empty">
      <h1 id="page-title" tabIndex={-1}>{forbidden ? 'Administrators only' : 'Page not found'}</h1>
      <p>{forbidden ? 'This page needs the admin role.' : 'There is nothing at this address.'}</p>
      <Link to="/" className="btn btn-secondary">
        Go to Home
      </Link>
    </div>
  );
}

const NAV: Array<{ to: string; label: string; icon: string; admin?: boolean }> = [
  { to: '/', label: 'Home', icon: 'M3 11l9-8 9 8v10h-6v-6H9v6H3z' },
  { to: '/dashboard', label: 'Dashboard', icon: 'M4 20V10h4v10zm6 0V4h4v16zm6 0v-7h4v7z' },
  { to: '/applications', label: 'Applications', icon: 'M4 4h7v7H4zm9 0h7v7h-7zM4 13h7v7H4zm9 0h7v7h-7z' },
  { to: '/runtimes', label: 'Runtimes', icon: 'M12 2l9 5v10l-9 5-9-5V7zm0 4.3L6.8 9.2v5.6L12 17.7l5.2-2.9V9.2z' },
  { to: '/git-providers', label: 'Git providers', icon: 'M6 3a3 3 0 0 1 1 5.8v6.4A3 3 0 1 1 5 15.2V8.8A3 3 0 0 1 6 3zm12 0a3 3 0 0 1 1 5.8c0 4-3 6.2-10 6.2v-2c5.5 0 8-1.5 8-4.2A3 3 0 0 1 18 3z' },
  { to: '/managed-clusters', label: 'Clusters', icon: 'M12 2a10 10 0 1 1 0 20 10 10 0 0 1 0-20zm0 4a6 6 0 1 0 0 12 6 6 0 0 0 0-12zm0 3a3 3 0 1 1 0 6 3 3 0 0 1 0-6z' },
  { to: '/admin', label: 'Admin', icon: 'M12 2l8 3v6c0 5-3.4 9.4-8 11-4.6-1.6-8-6-8-11V5z', admin: true },
];

function Shell({ children }: { children: ReactNode }) {
  const { session, setSession } = useSession();
  const path = usePath();
  const [menuOpen, setMenuOpen] = useState(false);
  const mainRef = useRef<HTMLElement>(null);
  const first = useRef(true);
  useEffect(() => {
    setMenuOpen(false);
    // Move focus to the new page's heading so keyboard and screen-reader users land on the content.
    if (first.current) {
      first.current = false;
      return;
    }
    const t = setTimeout(() => (document.getElementById('page-title') ?? mainRef.current)?.focus(), 0);
    return () => clearTimeout(t);
  }, [path]);
  const logout = async () => {
    await api.logout().catch(() => undefined);
    setSession(null);
    navigate('/login', true);
  };
  return (
    <div className="shell">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/" className="brand" aria-label="Marina home">
          <Logo />
          <span>Marina</span>
        </Link>
        <button type="button" className="menu-button" aria-expanded={menuOpen} aria-controls="nav" onClick={() => setMenuOpen(!menuOpen)}>
          <span aria-hidden="true">☰</span> Menu
        </button>
      </header>
      <nav
        id="nav"
        className={`sidebar${menuOpen ? ' open' : ''}`}
        aria-label="Main"
        onKeyDown={(e) => {
          if (e.key === 'Escape' && menuOpen) {
            setMenuOpen(false);
            document.querySelector<HTMLButtonElement>('.menu-button')?.focus();
          }
        }}
      >
        <Link to="/" className="brand brand-side" aria-label="Marina home">
          <Logo />
          <span>Marina</span>
        </Link>
        <ul>
          {NAV.filter((n) => !n.admin || session?.role === 'admin').map((n) => (
            <li key={n.to}>
              <Link to={n.to} aria-current={(n.to === '/' ? path === '/' : path === n.to || path.startsWith(`${n.to}/`)) ? 'page' : undefined}>
                <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
                  <path d={n.icon} fill="currentColor" />
                </svg>
                {n.label}
              </Link>
            </li>
          ))}
        </ul>
        <div className="account">
          <div className="account-who">
            <span className="account-email">{session?.email}</span>
            <span className="account-tenant">
              Tenant <strong>{session?.tenant}</strong>
              {session?.role === 'admin' ? ' · admin' : ''}
            </span>
          </div>
          <div className="account-actions">
            <Link to="/account" className="btn btn-ghost btn-small">
              Account
            </Link>
            <button type="button" className="btn btn-ghost btn-small" onClick={logout}>
              Log out
            </button>
          </div>
        </div>
      </nav>
      <main id="main" ref={mainRef} tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

export function Logo() {
  return (
    <svg viewBox="0 0 32 32" width="28" height="28" aria-hidden="true">
      <rect width="32" height="32" rx="8" fill="#0b2545" />
      <path d="M6 21c4-6 8-6 10 0s6 6 10 0" stroke="#59c3f0" strokeWidth="3" fill="none" strokeLinecap="round" />
      <path d="M6 13c4-6 8-6 10 0s6 6 10 0" stroke="#f4c95d" strokeWidth="3" fill="none" strokeLinecap="round" />
    </svg>
  );
}
