/**
 * Which local process opened a loopback TCP connection, from /proc (Linux): the receiver sees the
 * client's port, /proc/net/tcp maps that port to a socket inode, and /proc/<pid>/fd holds the inode.
 * This is how the scale test knows which hub delivered a request without any help from the hub.
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export function ownerOfConnection(
  clientPort: number,
  serverPort: number,
  pids: readonly number[],
): number | null {
  const inodes = socketInodes(clientPort, serverPort);
  if (inodes.size === 0) return null;
  for (const pid of pids) {
    if (processSockets(pid).some((inode) => inodes.has(inode))) return pid;
  }
  return null;
}

/** Inodes of sockets whose local port is `localPort` and remote port `remotePort`. */
function socketInodes(localPort: number, remotePort: number): Set<string> {
  const found = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const columns = line.trim().split(/\s+/);
      const [local, remote, inode] = [columns[1], columns[2], columns[9]];
      if (!local || !remote || !inode) continue;
      if (portOf(local) === localPort && portOf(remote) === remotePort) found.add(inode);
    }
  }
  return found;
}

function portOf(address: string): number {
  return Number.parseInt(address.slice(address.lastIndexOf(':') + 1), 16);
}

function processSockets(pid: number): string[] {
  const inodes: string[] = [];
  let fds: string[] = [];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return inodes;
  }
  for (const fd of fds) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match?.[1]) inodes.push(match[1]);
    } catch {
      // the descriptor closed while we looked
    }
  }
  return inodes;
}
