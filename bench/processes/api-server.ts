/**
 * Child process: the API as the Node server runs it (`composeApp` +
 * `startServer`), configured from its environment like `npm start`, so the
 * benchmark can load it over HTTP and read its memory from outside its own
 * event loop.
 */
import { loadConfig } from "../../src/config/config.js";
import { composeApp } from "../../src/entry/compose.js";
import { startServer } from "../../src/entry/node-server.js";
import { reportReady, serveParentCommands } from "./ipc-messages.js";

const config = loadConfig(process.env);
const composed = composeApp(config);
const server = await startServer({ app: composed.app, port: config.port });

serveParentCommands(async () => {
  await server.close();
  composed.close();
});
reportReady(server.url);
