import { useId, useState, type InputHTMLAttributes, type KeyboardEvent } from 'react';
import { addDays, formatVietnameseDate, type LocalDate } from '../../preload/shared/domain/calendar/localDate';
import { parseTypedDate, parseTypedDateTime } from '../../preload/shared/domain/calendar/parseTypedDate';

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type'>;

interface DateFieldProps extends InputProps {
  name: string;
  /** `YYYY-MM-DD`, or '' for none. */
  value: LocalDate | '';
  /** Called with a real date as soon as the text reads as one, and with '' when the field is emptied. */
  onChange(value: LocalDate | ''): void;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * A date typed and shown as dd/mm/yyyy whatever the OS or browser locale (Chromium's date input
 * follows the system's, so a Vietnamese officer could read 12/03 as 12 March on one desk and
 * 3 December on another). Accepts `15031985`, `15/3/1985`, `15-03-1985`; ArrowUp/ArrowDown move a
 * day; an impossible date is refused in Vietnamese under the field and the last good value kept.
 */
export function DateField({ name, value, onChange, ...input }: DateFieldProps) {
  const [text, setText] = useState(value ? formatVietnameseDate(value) : '');
  const [problem, setProblem] = useState<string | undefined>();
  const problemId = useId();

  const [shown, setShown] = useState(value);
  if (shown !== value) {
    // A value set from outside (card reader, navigation) replaces the text unless it already says so
    // (adjusting state while rendering, as React advises for state derived from a prop).
    setShown(value);
    const typed = parseTypedDate(text);
    if (!(value === '' ? text.trim() === '' : typed.ok && typed.date === value)) setText(value ? formatVietnameseDate(value) : '');
  }

  const commit = (next: string) => {
    setText(next);
    if (next.trim() === '') {
      setProblem(undefined);
      onChange('');
      return;
    }
    const typed = parseTypedDate(next);
    if (typed.ok) {
      setProblem(undefined);
      onChange(typed.date);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if ((event.key === 'ArrowUp' || event.key === 'ArrowDown') && value) {
      event.preventDefault();
      const next = addDays(value, event.key === 'ArrowUp' ? 1 : -1);
      setText(formatVietnameseDate(next));
      onChange(next);
    }
  };

  return (
    <>
      <input
        {...input}
        name={name}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        placeholder="dd/mm/yyyy"
        value={text}
        aria-invalid={problem ? true : input['aria-invalid']}
        aria-describedby={problem ? problemId : input['aria-describedby']}
        onChange={(event) => commit(event.target.value)}
        onKeyDown={onKeyDown}
        onBlur={() => {
          if (text.trim() === '') return;
          const typed = parseTypedDate(text);
          if (typed.ok) setText(formatVietnameseDate(typed.date));
          setProblem(typed.ok ? undefined : typed.message);
        }}
      />
      {problem && (
        <span className="field-error" id={problemId} role="alert">
          {problem}
        </span>
      )}
    </>
  );
}

interface DateTimeFieldProps extends InputProps {
  name: string;
  /** `YYYY-MM-DDTHH:mm` in Vietnam's clock, or '' for none. */
  value: string;
  onChange(value: string): void;
}

function formatMoment(value: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/.exec(value);
  return match ? `${match[2]}:${match[3]} ${formatVietnameseDate(match[1]!)}` : '';
}

/** A moment typed and shown as `hh:mm dd/mm/yyyy`, the receipt's order, whatever the locale. */
export function DateTimeField({ name, value, onChange, ...input }: DateTimeFieldProps) {
  const [text, setText] = useState(formatMoment(value));
  const [problem, setProblem] = useState<string | undefined>();
  const problemId = useId();

  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    const typed = parseTypedDateTime(text);
    if (!(value === '' ? text.trim() === '' : typed.ok && `${typed.date}T${pad2(typed.hour)}:${pad2(typed.minute)}` === value)) setText(formatMoment(value));
  }

  return (
    <>
      <input
        {...input}
        name={name}
        type="text"
        autoComplete="off"
        placeholder="hh:mm dd/mm/yyyy"
        value={text}
        aria-invalid={problem ? true : input['aria-invalid']}
        aria-describedby={problem ? problemId : input['aria-describedby']}
        onChange={(event) => {
          const next = event.target.value;
          setText(next);
          const typed = parseTypedDateTime(next);
          if (typed.ok) {
            setProblem(undefined);
            onChange(`${typed.date}T${pad2(typed.hour)}:${pad2(typed.minute)}`);
          } else if (next.trim() === '') onChange('');
        }}
        onBlur={() => {
          if (text.trim() === '') return;
          const typed = parseTypedDateTime(text);
          if (typed.ok) setText(formatMoment(`${typed.date}T${pad2(typed.hour)}:${pad2(typed.minute)}`));
          setProblem(typed.ok ? undefined : typed.message);
        }}
      />
      {problem && (
        <span className="field-error" id={problemId} role="alert">
          {problem}
        </span>
      )}
    </>
  );
}
