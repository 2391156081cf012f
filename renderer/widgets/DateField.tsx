import { useId, useState, type InputHTMLAttributes, type KeyboardEvent } from 'react';
import { addDays, formatVietnameseDate, type LocalDate } from '../../preload/shared/domain/calendar/localDate';
import { parseTypedDate, parseTypedDateTime, parseTypedTime } from '../../preload/shared/domain/calendar/parseTypedDate';

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type' | 'step'>;
type Reading = { ok: true; value: string } | { ok: false; message: string };

interface TypedInputProps extends InputProps {
  name: string;
  /** The stored form of the value, or '' for none. */
  value: string;
  onChange(value: string): void;
  /** The stored form as the officer reads it. */
  show(value: string): string;
  /** What was typed, as the stored form or why it is not one. */
  read(text: string): Reading;
  /** Keyboard steps (e.g. a day up or down) from the current value; undefined: no step. */
  keyStep?(value: string, key: string): string | undefined;
}

/**
 * A text input whose text is the officer's and whose value is the app's: the value changes as soon
 * as the text reads as one, a value set from outside replaces the text unless it already says so,
 * and text that reads as nothing is refused in Vietnamese under the field on leaving it, the last
 * good value kept.
 */
function TypedInput({ name, value, onChange, show, read, keyStep, ...input }: TypedInputProps) {
  const [text, setText] = useState(value ? show(value) : '');
  const [shown, setShown] = useState(value);
  const [problem, setProblem] = useState<string | undefined>();
  const problemId = useId();
  if (shown !== value) {
    // Adjusting state while rendering, as React advises for state derived from a prop.
    setShown(value);
    const typed = read(text);
    if (!(value === '' ? text.trim() === '' : typed.ok && typed.value === value)) setText(value ? show(value) : '');
  }

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const next = value && keyStep ? keyStep(value, event.key) : undefined;
    if (next === undefined) return;
    event.preventDefault();
    setText(show(next));
    onChange(next);
  };

  return (
    <>
      <input
        {...input}
        name={name}
        type="text"
        autoComplete="off"
        value={text}
        aria-invalid={problem ? true : input['aria-invalid']}
        aria-describedby={problem ? problemId : input['aria-describedby']}
        onChange={(event) => {
          const next = event.target.value;
          setText(next);
          if (next.trim() === '') {
            setProblem(undefined);
            onChange('');
            return;
          }
          const typed = read(next);
          if (typed.ok) {
            setProblem(undefined);
            onChange(typed.value);
          }
        }}
        onKeyDown={onKeyDown}
        onBlur={() => {
          if (text.trim() === '') return;
          const typed = read(text);
          if (typed.ok) setText(show(typed.value));
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

interface DateFieldProps extends InputProps {
  name: string;
  /** `YYYY-MM-DD`, or '' for none. */
  value: LocalDate | '';
  /** Called with a real date as soon as the text reads as one, and with '' when the field is emptied. */
  onChange(value: LocalDate | ''): void;
}

function readDate(text: string): Reading {
  const typed = parseTypedDate(text);
  return typed.ok ? { ok: true, value: typed.date } : typed;
}

function stepDay(value: string, key: string): string | undefined {
  return key === 'ArrowUp' ? addDays(value, 1) : key === 'ArrowDown' ? addDays(value, -1) : undefined;
}

/**
 * A date typed and shown as dd/mm/yyyy whatever the OS or browser locale (Chromium's date input
 * follows the system's, so a Vietnamese officer could read 12/03 as 12 March on one desk and
 * 3 December on another). Accepts `15031985`, `15/3/1985`, `15-03-1985`; ArrowUp/ArrowDown move a day.
 */
export function DateField(props: DateFieldProps) {
  return <TypedInput inputMode="numeric" placeholder="dd/mm/yyyy" {...props} show={formatVietnameseDate} read={readDate} keyStep={stepDay} />;
}

interface DateTimeFieldProps extends InputProps {
  name: string;
  /** `YYYY-MM-DDTHH:mm` in Vietnam's clock, or '' for none. */
  value: string;
  onChange(value: string): void;
}

function showMoment(value: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/.exec(value);
  return match ? `${match[2]}:${match[3]} ${formatVietnameseDate(match[1]!)}` : '';
}

function readMoment(text: string): Reading {
  const typed = parseTypedDateTime(text);
  return typed.ok ? { ok: true, value: `${typed.date}T${String(typed.hour).padStart(2, '0')}:${String(typed.minute).padStart(2, '0')}` } : typed;
}

/** A moment typed and shown as `hh:mm dd/mm/yyyy`, the receipt's order, whatever the locale. */
export function DateTimeField(props: DateTimeFieldProps) {
  return <TypedInput placeholder="hh:mm dd/mm/yyyy" {...props} show={showMoment} read={readMoment} />;
}

interface TimeFieldProps extends InputProps {
  name: string;
  /** `HH:mm` on the 24-hour clock, or '' for none. */
  value: string;
  onChange(value: string): void;
}

const showTime = (value: string) => value;

function readTime(text: string): Reading {
  const typed = parseTypedTime(text);
  return typed.ok ? { ok: true, value: `${String(typed.hour).padStart(2, '0')}:${String(typed.minute).padStart(2, '0')}` } : typed;
}

function stepMinutes(value: string, key: string): string | undefined {
  const step = key === 'ArrowUp' ? 5 : key === 'ArrowDown' ? -5 : 0;
  const match = /^(\d{2}):(\d{2})$/.exec(value);
  if (!step || !match) return undefined;
  const minutes = (((Number(match[1]) * 60 + Number(match[2]) + step) % 1440) + 1440) % 1440;
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** A time of day typed and shown as `hh:mm` on the 24-hour clock whatever the locale; ArrowUp/ArrowDown move 5 minutes. */
export function TimeField(props: TimeFieldProps) {
  return <TypedInput inputMode="numeric" placeholder="hh:mm" {...props} show={showTime} read={readTime} keyStep={stepMinutes} />;
}
