import { deskContract, methodChannel, CHANNEL_PREFIX, fail, ok, type DeskServices, type Result } from '../../preload/contract';
import { toDeskError } from '../../preload/shared/errors/DeskFailure';

export interface IpcRouter {
  /** Every channel the router answers; the host registers exactly these and nothing else. */
  readonly channels: readonly string[];
  /** Validates the arguments against the contract, calls the service and wraps the outcome as a Result. */
  handle(channel: string, args: unknown): Promise<Result<unknown>>;
}

type AnyMethod = (...args: unknown[]) => Promise<unknown>;
type ParseOutcome = { success: true; data: unknown[] } | { success: false; error: { message: string } };
interface Route {
  parse(args: unknown): ParseOutcome;
  call: AnyMethod;
}

/**
 * The thin generic adapter between a transport (Electron ipcMain, the test host's socket) and
 * the services. It never trusts its input: unknown channels and malformed arguments are refused
 * before any service code runs.
 */
export function createIpcRouter(services: DeskServices): IpcRouter {
  const routes = new Map<string, Route>();
  for (const [serviceName, spec] of Object.entries(deskContract)) {
    const impl = (services as unknown as Record<string, Record<string, AnyMethod>>)[serviceName];
    if (!impl) throw new Error(`Thiếu dịch vụ ${serviceName}`);
    for (const [methodName, methodSpec] of Object.entries(spec.methods)) {
      const fn = impl[methodName];
      if (typeof fn !== 'function') throw new Error(`Dịch vụ ${serviceName} thiếu phương thức ${methodName}`);
      routes.set(methodChannel(serviceName, methodName), {
        parse: (args) => methodSpec.args.safeParse(args) as ParseOutcome,
        call: fn.bind(impl) as AnyMethod,
      });
    }
  }

  return {
    channels: [...routes.keys()],
    async handle(channel, args) {
      const route = typeof channel === 'string' && channel.startsWith(CHANNEL_PREFIX) ? routes.get(channel) : undefined;
      if (!route) return fail('unknown-channel', 'Yêu cầu không được hỗ trợ.', `channel ${String(channel)}`);
      const parsed = route.parse(args);
      if (!parsed.success) {
        return fail('invalid-input', 'Dữ liệu gửi lên không hợp lệ.', `${channel}: ${parsed.error.message}`);
      }
      try {
        return ok(await route.call(...parsed.data));
      } catch (error) {
        return { ok: false, error: toDeskError(error) };
      }
    },
  };
}
