/** `npm run host`: serves the built renderer with real main services for a browser at the printed URL. */
import { startTestHost } from './startTestHost';

void startTestHost({ port: Number(process.env.PORT ?? 5180) }).then((host) => {
  process.stdout.write(`Một Cửa Desk (máy chủ thử nghiệm): ${host.url}\nDữ liệu phía main: ${host.dataDir}\n`);
});
