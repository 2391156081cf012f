import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { getDatabase } from '../../db/deskHandle';
import { usersByUsername } from '../../db/queries/users';
import { useLocale, useT } from '../../i18n/i18n';
import { ROLE_NAMES, ROLES, type Role } from '../../../preload/shared/domain/auth/roles';
import { createAccount, readIdleLockMinutes, saveIdleLockMinutes, setAccountDisabled, setAccountPassword } from '../../operations/auth/accounts';
import { useSession } from '../../operations/auth/sessionStore';
import { AuditExportPanel } from '../../widgets/audit/AuditExportPanel';
import { DeskFailure } from '../../../preload/shared/errors/DeskFailure';

type Notice = { kind: 'ok' | 'error'; text: string };

function messageOf(error: unknown): string {
  return error instanceof DeskFailure ? error.userMessage : error instanceof Error ? error.message : String(error);
}

/** Administrator's screen: desk accounts and their roles, password resets, the idle lock time. */
export function AccountsScreen() {
  const t = useT();
  const locale = useLocale((state) => state.locale);
  const db = getDatabase();
  const me = useSession((state) => state.officer);
  const users = useLiveQuery(() => usersByUsername(db), [db]);
  const idleMinutes = useLiveQuery(() => readIdleLockMinutes(db), [db]);
  const [draft, setDraft] = useState({ username: '', displayName: '', role: 'officer' as Role, password: '' });
  const [idleDraft, setIdleDraft] = useState<string>();
  const [notice, setNotice] = useState<Notice>();
  const [busy, setBusy] = useState(false);
  const formatter = new Intl.DateTimeFormat(locale === 'vi' ? 'vi-VN' : 'en-GB', { dateStyle: 'short', timeZone: 'Asia/Ho_Chi_Minh' });

  async function run(work: () => Promise<string>) {
    setBusy(true);
    setNotice(undefined);
    try {
      setNotice({ kind: 'ok', text: await work() });
    } catch (error) {
      setNotice({ kind: 'error', text: messageOf(error) });
    } finally {
      setBusy(false);
    }
  }

  const create = () =>
    run(async () => {
      const user = await createAccount(db, draft);
      setDraft({ username: '', displayName: '', role: 'officer', password: '' });
      return t('accounts.created', { username: user.username });
    });

  const resetPassword = (userId: string, username: string) => {
    const password = window.prompt(t('accounts.newPasswordPrompt', { username }));
    if (password === null) return;
    void run(async () => {
      await setAccountPassword(db, userId, password);
      return t('accounts.passwordSet', { username });
    });
  };

  return (
    <section className="card accounts" aria-labelledby="accounts-heading">
      <h1 id="accounts-heading">{t('accounts.heading')}</h1>
      {users && (
        <table className="table" data-testid="accounts-table">
          <thead>
            <tr>
              <th>{t('auth.username')}</th>
              <th>{t('auth.displayName')}</th>
              <th>{t('accounts.role')}</th>
              <th>{t('accounts.createdAt')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id} data-testid="account-row">
                <td>{user.username}</td>
                <td>{user.displayName}</td>
                <td>
                  {ROLE_NAMES[user.role]}
                  {user.disabled && <span className="tag">{t('accounts.disabled')}</span>}
                </td>
                <td>{formatter.format(user.createdAt)}</td>
                <td>
                  <button type="button" className="secondary" disabled={busy} onClick={() => resetPassword(user.id, user.username)}>
                    {t('accounts.resetPassword')}
                  </button>
                  {user.id !== me?.id && (
                    <button
                      type="button"
                      className="secondary"
                      disabled={busy}
                      onClick={() =>
                        void run(async () => {
                          await setAccountDisabled(db, user.id, !user.disabled);
                          return t(user.disabled ? 'accounts.enabledDone' : 'accounts.disabledDone', { username: user.username });
                        })
                      }
                    >
                      {user.disabled ? t('accounts.enable') : t('accounts.disable')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <fieldset>
        <legend>{t('accounts.new')}</legend>
        <label className="field">
          <span>{t('auth.username')}</span>
          <input name="newUsername" value={draft.username} onChange={(event) => setDraft({ ...draft, username: event.target.value })} />
        </label>
        <label className="field">
          <span>{t('auth.displayName')}</span>
          <input name="newDisplayName" value={draft.displayName} onChange={(event) => setDraft({ ...draft, displayName: event.target.value })} />
        </label>
        <label className="field">
          <span>{t('accounts.role')}</span>
          <select name="newRole" value={draft.role} onChange={(event) => setDraft({ ...draft, role: event.target.value as Role })}>
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {ROLE_NAMES[role]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('auth.password')}</span>
          <input name="newPassword" type="password" autoComplete="new-password" value={draft.password} onChange={(event) => setDraft({ ...draft, password: event.target.value })} />
        </label>
        <div className="actions">
          <button type="button" className="primary" disabled={busy} onClick={() => void create()}>
            {t('accounts.create')}
          </button>
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('accounts.idleLock')}</legend>
        <label className="field">
          <span>{t('accounts.idleMinutes')}</span>
          <input name="idleMinutes" type="number" min={1} max={240} value={idleDraft ?? String(idleMinutes ?? '')} onChange={(event) => setIdleDraft(event.target.value)} />
        </label>
        <div className="actions">
          <button
            type="button"
            className="secondary"
            disabled={busy || idleDraft === undefined}
            onClick={() =>
              void run(async () => {
                await saveIdleLockMinutes(db, Number(idleDraft));
                setIdleDraft(undefined);
                return t('accounts.idleSaved');
              })
            }
          >
            {t('accounts.idleSave')}
          </button>
        </div>
      </fieldset>
      <AuditExportPanel />
      {notice && (
        <div className={notice.kind === 'ok' ? 'alert ok' : 'alert error'} role={notice.kind === 'ok' ? 'status' : 'alert'} data-testid="accounts-notice">
          {notice.text}
        </div>
      )}
    </section>
  );
}
