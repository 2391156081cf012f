import { useEffect, type ReactNode } from 'react';
import { SignInScreen } from './SignInScreen';
import { useSession } from '../../operations/auth/sessionStore';
import { useIdleLock } from './useIdleLock';

/**
 * Shows the app only to a signed-in officer. A locked screen keeps the work underneath mounted
 * (nothing typed is lost) but hidden and inert until the officer's password is given again.
 */
export function AuthGate({ children }: { children: ReactNode }) {
  const phase = useSession((state) => state.phase);
  const locked = useSession((state) => state.locked);
  const start = useSession((state) => state.start);
  useEffect(() => {
    void start();
  }, [start]);
  useIdleLock();

  if (phase === 'loading') return null;
  if (phase === 'setup') return <div className="auth-shell"><SignInScreen mode="setup" /></div>;
  if (phase === 'signed-out') return <div className="auth-shell"><SignInScreen mode="sign-in" /></div>;
  return (
    <>
      <div hidden={locked} inert={locked}>
        {children}
      </div>
      {locked && (
        <div className="auth-shell">
          <SignInScreen mode="unlock" />
        </div>
      )}
    </>
  );
}
