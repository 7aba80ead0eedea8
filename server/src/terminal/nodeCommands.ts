import { datapathFacts, renderProxyRules, type ClusterSnapshot } from '../engine';
import { failure, NOT_SIMULATED, output, type CommandOutput } from './commandOutput';

export const NODE_COMMANDS = ['iptables-save [-t TABLE]', 'iptables -t nat -L [CHAIN] -n [--line-numbers]', 'ipvsadm -Ln', 'nft list table ip kube-proxy', 'ip route', 'conntrack -L', 'exit'];

/** A command on a node, answered from kube-proxy's rules and the node's pod ranges as the engine renders them. */
export function runInNode(words: readonly string[], nodeName: string, snapshot: ClusterSnapshot): CommandOutput {
  const [program, ...args] = words;
  const mode = snapshot.profile.kubeProxy.mode;
  const wrongMode = (wanted: string) => failure(`kubetrace: kube-proxy runs in ${mode} mode here (the profile's kubeProxy.mode), so ${wanted} shows none of its rules; use ${mode === 'ipvs' ? 'ipvsadm -Ln' : mode === 'nftables' ? 'nft list table ip kube-proxy' : 'iptables-save'}`, 1);
  switch (program) {
    case 'iptables-save': {
      if (mode !== 'iptables') return wrongMode('iptables-save');
      const table = tableOption(args);
      return output(selectTables(renderProxyRules(snapshot, mode, nodeName), table));
    }
    case 'iptables':
      if (mode !== 'iptables') return wrongMode('iptables');
      return iptablesList(args, renderProxyRules(snapshot, mode, nodeName));
    case 'ipvsadm':
      if (mode !== 'ipvs') return wrongMode('ipvsadm');
      if (!args.some((arg) => /^-[A-Za-z]*L/.test(arg) || arg === '--list')) return failure('kubetrace: the terminal answers `ipvsadm -Ln` (the table, with numeric addresses)', NOT_SIMULATED);
      return output(renderProxyRules(snapshot, mode, nodeName));
    case 'nft':
      if (mode !== 'nftables') return wrongMode('nft');
      if (args[0] !== 'list') return failure('kubetrace: the terminal answers `nft list table ip kube-proxy` and `nft list ruleset`', NOT_SIMULATED);
      return output(renderProxyRules(snapshot, mode, nodeName));
    case 'ip':
      if (args[0] === 'route' || args[0] === 'r') return routes(nodeName, snapshot);
      return failure('kubetrace: of `ip`, the terminal answers `ip route`', NOT_SIMULATED);
    default:
      return failure(`kubetrace: command not simulated on a node: ${words.join(' ')}\nsimulated here: ${NODE_COMMANDS.join(', ')}`, NOT_SIMULATED);
  }
}

function tableOption(args: readonly string[]): string | undefined {
  const at = args.findIndex((arg) => arg === '-t' || arg === '--table');
  return at >= 0 ? args[at + 1] : args.find((arg) => arg.startsWith('--table='))?.slice('--table='.length);
}

/** One table of an iptables-save text (`*nat` ... `COMMIT`), or all of them. */
function selectTables(save: string, table: string | undefined): string {
  if (table === undefined) return save;
  const blocks = save.split(/(?=^\*)/m);
  return blocks.filter((block) => block.startsWith(`*${table}\n`)).join('');
}

/**
 * `iptables [-t TABLE] -L [CHAIN] -n [--line-numbers]`: the chains of iptables-save's text in the listing format
 * (target, prot, opt, source, destination, then the matches), as `iptables -L -n` prints kube-proxy's rules.
 */
function iptablesList(args: readonly string[], save: string): CommandOutput {
  const table = tableOption(args) ?? 'filter';
  const listAt = args.findIndex((arg) => /^-[A-Za-z]*L[A-Za-z]*$/.test(arg) || arg === '--list');
  if (listAt < 0) return failure('kubetrace: the terminal answers `iptables -t TABLE -L [CHAIN] -n` (listing only; nothing changes the rules)', NOT_SIMULATED);
  const chainArg = args[listAt + 1];
  const chain = chainArg !== undefined && !chainArg.startsWith('-') ? chainArg : undefined;
  const lineNumbers = args.includes('--line-numbers');
  const text = selectTables(save, table);
  const declared = [...text.matchAll(/^:(\S+)/gm)].map((match) => match[1]!);
  const rules = [...text.matchAll(/^-A (\S+) (.*)$/gm)].map((match) => ({ chain: match[1]!, spec: match[2]! }));
  const chains = chain === undefined ? declared : declared.filter((name) => name === chain);
  if (chains.length === 0) return failure(`iptables: No chain/target/match by that name.`, 1);
  const references = (name: string) => rules.filter((rule) => new RegExp(`-j ${name}(\\s|$)`).test(rule.spec)).length;
  const blocks = chains.map((name) => {
    const header = `Chain ${name} (${references(name)} references)\n${lineNumbers ? 'num  ' : ''}target     prot opt source               destination         \n`;
    const lines = rules.filter((rule) => rule.chain === name).map((rule, at) => `${lineNumbers ? `${String(at + 1).padEnd(4)} ` : ''}${listedRule(rule.spec)}\n`);
    return header + lines.join('');
  });
  return output(blocks.join('\n'));
}

/** One rule of iptables-save's form in the listing's columns. */
function listedRule(spec: string): string {
  const words = spec.match(/"[^"]*"|\S+/g) ?? [];
  let target = '';
  let protocol = 'all';
  let source = '0.0.0.0/0';
  let destination = '0.0.0.0/0';
  const extras: string[] = [];
  for (let at = 0; at < words.length; at++) {
    const word = words[at]!;
    const negated = word === '!';
    const option = negated ? words[++at]! : word;
    const value = () => words[++at] ?? '';
    switch (option) {
      case '-j':
        target = value();
        extras.push(...targetOptions(words.slice(at + 1)));
        at = words.length;
        break;
      case '-p':
        protocol = `${negated ? '!' : ''}${value()}`;
        break;
      case '-s':
        source = `${negated ? '!' : ''}${value()}`;
        break;
      case '-d':
        destination = `${negated ? '!' : ''}${value()}`;
        break;
      case '-m': {
        const module = value();
        if (module === 'comment') {
          at++;
          extras.push(`/* ${value().replace(/^"|"$/g, '')} */`);
        } else if (module === 'statistic') {
          at += 2;
          const mode = words[at]!;
          at += 1;
          extras.push(`statistic mode ${mode} probability ${Number(value()).toFixed(11)}`);
        } else if (module === 'mark') {
          const negatedMark = words[at + 1] === '!';
          if (negatedMark) at++;
          at++;
          extras.push(`mark match ${negatedMark ? '! ' : ''}${value()}`);
        } else if (module === 'addrtype') {
          at++;
          extras.push(`ADDRTYPE match dst-type ${value()}`);
        } else if (module === 'conntrack') {
          const negatedState = words[at + 1] === '!';
          if (negatedState) at++;
          at++;
          extras.push(`ctstate ${negatedState ? '! ' : ''}${value()}`);
        } else if (module === 'recent') {
          extras.push(`recent: ${words.slice(at + 1).join(' ')}`);
          at = words.length;
        }
        break;
      }
      case '--dport':
        extras.push(`${protocol} dpt:${value()}`);
        break;
      default:
        extras.push(word);
    }
  }
  return `${target.padEnd(10)} ${protocol.padEnd(4)} ${'--'.padEnd(3)} ${source.padEnd(20)} ${destination.padEnd(20)} ${extras.join(' ')}`.trimEnd();
}

function targetOptions(words: readonly string[]): string[] {
  const extras: string[] = [];
  for (let at = 0; at < words.length; at++) {
    const word = words[at]!;
    if (word === '--to-destination') extras.push(`to:${words[++at] ?? ''}`);
    else if (word === '--or-mark') extras.push(`MARK or ${words[++at] ?? ''}`);
    else if (word === '--xor-mark') extras.push(`MARK xor ${words[++at] ?? ''}`);
    else if (word === '--random-fully') extras.push('random-fully');
    else if (word === '--reject-with') extras.push(`reject-with ${words[++at] ?? ''}`);
    else extras.push(word);
  }
  return extras;
}

/**
 * `ip route` on a node: the routes to pod ranges the CNI installs, its own range on the bridge and every other
 * node's through that node (over the plugin's tunnel device where it encapsulates). The node's default route and
 * host networks are not in the manifests and are left out, as the note says.
 */
function routes(nodeName: string, snapshot: ClusterSnapshot): CommandOutput {
  const { plugin, datapath } = snapshot.profile.cni;
  const device = datapathFacts(plugin, datapath).encapsulation?.device;
  const lines: string[] = [];
  for (const other of snapshot.nodes) {
    for (const cidr of other.podCIDRs) {
      if (cidr.family !== 'IPv4') continue;
      if (other.name === nodeName) lines.push(`${cidr.text} dev cni0 proto kernel scope link`);
      else lines.push(device ? `${cidr.text} via ${other.addresses[0] ?? '?'} dev ${device} onlink` : `${cidr.text} via ${other.addresses[0] ?? '?'} dev eth0`);
    }
  }
  return output(lines.map((line) => `${line}\n`).join(''), 0, [{ text: `pod routes as ${plugin} (${datapath}) installs them, device names its defaults; the node's default route and host networks are not in the manifests` }]);
}
