import { DeskFailure } from '../../preload/shared/errors/DeskFailure';

/**
 * An error of the office hub: a DeskFailure with the HTTP status the hub answers with when the
 * failure ends a request (the Vietnamese message travels in the body for the desk to show).
 */
export class HubFailure extends DeskFailure {
  readonly status: number;

  constructor(code: string, userMessage: string, detail?: string, status = 500) {
    super(code, userMessage, detail);
    this.name = 'HubFailure';
    this.status = status;
  }
}
