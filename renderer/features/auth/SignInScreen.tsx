import { useState, type FormEvent } from 'react';
import { useT } from '../../i18n/i18n';
import { useSession } from '../../operations/auth/sessionStore';
import { DeskFailure } from '../../../preload/shared/errors/DeskFailure';

function messageOf(error: unknown): string {
  return error instanceof DeskFailure ? error.userMessage : error instanceof Error ? error.message : String(error);
}

/**
 * The three doors of the desk: first-run creation of the administrator, sign-in, and unlocking a
 * locked screen (only the signed-in officer's password opens it; anyone else signs out first).
 */
export function SignInScreen({ mode }: { mode: 'setup' | 'sign-in' | 'unlock' }) {
  const t = useT();
  const session = useSession();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  /** Completed attempts, shown on the form so a test (or a screen reader user) can tell a new refusal from the last. */
  const [attempts, setAttempts] = useState(0);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setProblem(undefined);
    try {
      if (mode === 'setup') {
        if (password !== confirm) setProblem(t('auth.passwordMismatch'));
        else await session.setUp({ username, displayName, password });
      } else if (mode === 'sign-in') {
        setProblem(await session.signIn(username, password));
      } else {
        setProblem(await session.unlock(password));
      }
    } catch (error) {
      setProblem(messageOf(error));
    } finally {
      setPassword('');
      setConfirm('');
      setBusy(false);
      setAttempts((count) => count + 1);
    }
  }

  const heading = mode === 'setup' ? t('auth.setupHeading') : mode === 'sign-in' ? t('auth.signInHeading') : t('auth.lockedHeading');
  return (
    <section className="card sign-in" aria-labelledby="sign-in-heading" data-testid={`auth-${mode}`}>
      <h1 id="sign-in-heading">{heading}</h1>
      {mode === 'setup' && <p className="hint">{t('auth.setupHint')}</p>}
      {mode === 'unlock' && session.officer && <p className="hint">{t('auth.lockedHint', { name: session.officer.displayName, username: session.officer.username })}</p>}
      <form onSubmit={(event) => void submit(event)} data-attempts={attempts}>
        {mode !== 'unlock' && (
          <label className="field">
            <span>{t('auth.username')}</span>
            <input name="username" autoComplete="username" autoFocus value={username} onChange={(event) => setUsername(event.target.value)} />
          </label>
        )}
        {mode === 'setup' && (
          <label className="field">
            <span>{t('auth.displayName')}</span>
            <input name="displayName" autoComplete="name" value={displayName} onChange={(event) => setDisplayName(event.target.value)} />
          </label>
        )}
        <label className="field">
          <span>{t('auth.password')}</span>
          <input
            name="password"
            type="password"
            autoComplete={mode === 'setup' ? 'new-password' : 'current-password'}
            autoFocus={mode === 'unlock'}
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </label>
        {mode === 'setup' && (
          <label className="field">
            <span>{t('auth.passwordConfirm')}</span>
            <input name="passwordConfirm" type="password" autoComplete="new-password" value={confirm} onChange={(event) => setConfirm(event.target.value)} />
          </label>
        )}
        {problem && (
          <div className="alert error" role="alert" data-testid="auth-problem">
            {problem}
          </div>
        )}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {mode === 'setup' ? t('auth.createAdmin') : mode === 'sign-in' ? t('auth.signIn') : t('auth.unlock')}
          </button>
          {mode === 'unlock' && (
            <button type="button" className="secondary" onClick={() => void session.signOut()}>
              {t('auth.signOut')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
