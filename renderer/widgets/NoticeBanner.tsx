/** The outcome of a save or an action, shown under a form: a quiet status or an alert. */
export type Notice = { kind: 'ok' | 'error'; text: string };

/** Announces a success politely and an error at once (role alert), the way every form of the desk does. */
export function NoticeBanner({ notice }: { notice: Notice | undefined }) {
  if (!notice) return null;
  return (
    <div className={notice.kind === 'ok' ? 'alert ok' : 'alert error'} role={notice.kind === 'ok' ? 'status' : 'alert'}>
      {notice.text}
    </div>
  );
}
