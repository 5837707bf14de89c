#!/usr/bin/env python3
"""Run a TCP scenario against the real Linux kernel and print a fixture.

    python3 tools/kernel/run_scenario.py SCENARIO.json > fixture.json

Topology (three network namespaces, created fresh and deleted on exit):

    client ns            router ns                         server ns
    c0 10.77.0.1 <-veth-> rc  [relay.py: delay+drops]  rs <-veth-> s0 10.77.0.2

KERNEL_IPV6=1 gives the hosts fd77::1 and fd77::2 instead (IPv6 only, no
duplicate address detection, static neighbours), so the same scenarios run
over IPv6: no IP identification, a 40-byte header, MSS 1440 on this link.

The router has no IP addresses and does no kernel forwarding: relay.py reads
every frame arriving on rc/rs with an AF_PACKET socket and re-sends it on the
other interface `delay_ms` later (one-way delay in each direction), unless a
drop rule matches.  tcpdump runs on rc and rs in both directions as an
independent witness; the fixture's notes report the cross-check.

Needs root, iproute2, ethtool, tcpdump.  See tools/kernel/README.md.
"""
import ipaddress
import json
import os
import shlex
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from relay import mark_ce  # noqa: E402  (the relay's own rewrite, to cross-check its output)

HERE = os.path.dirname(os.path.abspath(__file__))
PY = sys.executable
IPV6 = os.environ.get("KERNEL_IPV6", "") not in ("", "0")
CLIENT_IP, SERVER_IP = ("fd77::1", "fd77::2") if IPV6 else ("10.77.0.1", "10.77.0.2")
PORT = 5000
# Simultaneous open: no host listens, both connect. The client binds this fixed
# port and the server connects to it from PORT.
SIMOPEN_CLIENT_PORT = 40000
CLIENT_MAC, SERVER_MAC = "02:00:00:00:00:01", "02:00:00:00:00:02"
FLAG_NAMES = ["FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR"]
SYSCTLS = ["net.ipv4.tcp_timestamps", "net.ipv4.tcp_sack", "net.ipv4.tcp_window_scaling",
           "net.ipv4.tcp_syn_retries", "net.ipv4.tcp_synack_retries",
           "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_ecn", "net.ipv4.tcp_rmem",
           "net.ipv4.tcp_wmem", "net.ipv4.tcp_congestion_control",
           "net.ipv4.tcp_early_retrans", "net.ipv4.tcp_recovery",
           "net.ipv4.tcp_syn_linear_timeouts", "net.ipv4.tcp_rto_min_us"]


def log(msg):
    sys.stderr.write("[run_scenario] %s\n" % msg)
    sys.stderr.flush()


def sh(cmd, check=True):
    r = subprocess.run(cmd, shell=True, capture_output=True, text=True)
    if check and r.returncode != 0:
        raise RuntimeError("command failed: %s\n%s%s" % (cmd, r.stdout, r.stderr))
    return r.stdout


class Lab:
    """Namespaces + veths + helper processes; everything is undone by close()."""

    def __init__(self):
        tag = "tk%d" % os.getpid()
        self.ns = {"client": tag + "c", "router": tag + "r", "server": tag + "s"}
        self.procs = []
        self.tmp = tempfile.mkdtemp(prefix="tcpkernel-")

    def nsx(self, who, cmd):
        return "ip netns exec %s %s" % (self.ns[who], cmd)

    def setup(self):
        for n in self.ns.values():
            sh("ip netns add %s" % n)
        for who in self.ns:
            # IPv6 only where the run is over IPv6, and only on the hosts:
            # the router relays frames and needs no address.
            off = "0" if IPV6 and who != "router" else "1"
            sh(self.nsx(who, "sysctl -qw net.ipv6.conf.all.disable_ipv6=%s" % off))
            sh(self.nsx(who, "sysctl -qw net.ipv6.conf.default.disable_ipv6=%s" % off))
            if off == "0":
                # No duplicate address detection (the address is usable at
                # once) and no router solicitations: the first frame of the
                # run is still its SYN (neighbour discovery is static below).
                for conf in ("all", "default"):
                    sh(self.nsx(who, "sysctl -qw net.ipv6.conf.%s.accept_dad=0" % conf))
                    sh(self.nsx(who, "sysctl -qw net.ipv6.conf.%s.router_solicitations=0" % conf))
            sh(self.nsx(who, "ip link set lo up"))
        c, r, s = self.ns["client"], self.ns["router"], self.ns["server"]
        sh("ip link add c0 netns %s address %s type veth peer name rc netns %s" % (c, CLIENT_MAC, r))
        sh("ip link add s0 netns %s address %s type veth peer name rs netns %s" % (s, SERVER_MAC, r))
        for who, dev in (("client", "c0"), ("router", "rc"), ("router", "rs"), ("server", "s0")):
            # Software checksums and no segmentation offload, so that frames
            # captured on the router are complete wire-format segments that can
            # be re-injected as they are.
            sh(self.nsx(who, "ethtool -K %s tx off tso off gso off gro off" % dev), check=False)
            sh(self.nsx(who, "ip link set %s up" % dev))
        prefix = "64 nodad" if IPV6 else "24"
        sh(self.nsx("client", "ip addr add %s/%s dev c0" % (CLIENT_IP, prefix)))
        sh(self.nsx("server", "ip addr add %s/%s dev s0" % (SERVER_IP, prefix)))
        # Static neighbours: no ARP or neighbour discovery, the first frame is the SYN.
        sh(self.nsx("client", "ip neigh replace %s lladdr %s dev c0 nud permanent" % (SERVER_IP, SERVER_MAC)))
        sh(self.nsx("server", "ip neigh replace %s lladdr %s dev s0 nud permanent" % (CLIENT_IP, CLIENT_MAC)))

    def spawn(self, who, argv, **kw):
        p = subprocess.Popen(["ip", "netns", "exec", self.ns[who]] + argv,
                             stdin=subprocess.DEVNULL, **kw)
        self.procs.append(p)
        return p

    def stop(self, p, sig=signal.SIGTERM):
        if p.poll() is None:
            try:
                p.send_signal(sig)
                p.wait(timeout=3)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()

    def close(self):
        for p in self.procs:
            try:
                self.stop(p)
            except Exception:
                pass
        for n in self.ns.values():
            subprocess.run(["ip", "netns", "del", n], capture_output=True)


# ---------------------------------------------------------------- parsing

def parse_frame(frame):
    """Ethernet/IPv4/TCP or Ethernet/IPv6/TCP (no extension headers: the
    hosts send none) -> dict, or None for anything else."""
    ip = frame[14:]
    if len(frame) >= 34 and frame[12:14] == b"\x08\x00" and ip[9] == 6:
        ihl = (ip[0] & 0x0F) * 4
        total = struct.unpack("!H", ip[2:4])[0]
        src, dst = ".".join(map(str, ip[12:16])), ".".join(map(str, ip[16:20]))
        tcp = ip[ihl:total]
    elif len(frame) >= 74 and frame[12:14] == b"\x86\xdd" and ip[6] == 6:
        total = 40 + struct.unpack("!H", ip[4:6])[0]
        src, dst = str(ipaddress.IPv6Address(ip[8:24])), str(ipaddress.IPv6Address(ip[24:40]))
        tcp = ip[40:total]
    else:
        return None
    sport, dport, seq, ack, offres, flags, win = struct.unpack("!HHIIBBH", tcp[:16])
    doff = (offres >> 4) * 4
    opts, i, raw = [], 20, tcp
    while i < doff:
        kind = raw[i]
        if kind == 0:
            break
        if kind == 1:
            i += 1
            continue
        ln = raw[i + 1]
        body = raw[i + 2:i + ln]
        if kind == 2:
            opts.append(("mss", struct.unpack("!H", body)[0]))
        elif kind == 3:
            opts.append(("wscale", body[0]))
        elif kind == 4:
            opts.append(("sackOK", None))
        elif kind == 5:
            blocks = [struct.unpack("!II", body[j:j + 8]) for j in range(0, len(body), 8)]
            opts.append(("sack", blocks))
        elif kind == 8:
            opts.append(("ts", struct.unpack("!II", body)))
        else:
            opts.append(("opt%d" % kind, body.hex()))
        i += ln
    return {"src": src, "dst": dst, "sport": sport, "dport": dport, "seq": seq, "ack": ack,
            "flags": flags, "window": win, "len": len(tcp) - doff, "opts": opts}


def flag_str(bits):
    return ",".join(n for i, n in enumerate(FLAG_NAMES) if bits & (1 << i))


def read_pcap(path):
    """Minimal pcap reader -> list of (ts, bytes)."""
    out = []
    try:
        data = open(path, "rb").read()
    except OSError:
        return None
    if len(data) < 24:
        return out
    magic = struct.unpack("<I", data[:4])[0]
    if magic in (0xA1B2C3D4, 0xA1B23C4D):
        end = "<"
    else:
        end = ">"
        magic = struct.unpack(">I", data[:4])[0]
    div = 1e9 if magic == 0xA1B23C4D else 1e6
    off = 24
    while off + 16 <= len(data):
        sec, frac, incl, _ = struct.unpack(end + "IIII", data[off:off + 16])
        out.append((sec + frac / div, data[off + 16:off + 16 + incl]))
        off += 16 + incl
    return out


def parse_counters(text):
    """/proc/net/netstat or /proc/net/snmp -> {"TcpExt.Name": value} for the TCP lines, nonzero only."""
    out, lines = {}, text.splitlines()
    for head, vals in zip(lines[::2], lines[1::2]):
        names, values = head.split(), vals.split()
        if not names or names[0] not in ("TcpExt:", "Tcp:") or names[0] != values[0]:
            continue
        for n, v in zip(names[1:], values[1:]):
            if v.lstrip("-").isdigit() and int(v) != 0:
                out[names[0][:-1] + "." + n] = int(v)
    return out


def parse_ss(text):
    rows = []
    for line in text.splitlines():
        f = line.split()
        if len(f) < 5:
            continue
        rows.append({"state": f[0], "recv_q": int(f[1]), "send_q": int(f[2]),
                     "local": f[3], "peer": f[4], "timer": " ".join(f[5:]) or None})
    return rows


# ---------------------------------------------------------------- running

def run(scn):
    delay_ms = float(scn.get("delay_ms", 0))
    # The run is capped at 20 s, or 20 s more than the longest program's sleeps.
    # "timeout_s" overrides this (the model does not know that key, so no
    # committed scenario uses it).
    sleeps = [sum(int(c.split()[1]) for c in scn.get(w, {}).get("program", []) if c.startswith("sleep "))
              for w in ("client", "server")]
    cap_s = float(scn.get("timeout_s", max(20.0, max(sleeps) / 1000.0 + 20.0)))
    drops = scn.get("drops", [])
    cprog = scn.get("client", {}).get("program", [])
    sprog = scn.get("server", {}).get("program", [])
    cmss = int(scn.get("client", {}).get("mss", 1460))
    smss = int(scn.get("server", {}).get("mss", 1460))
    injections = scn.get("inject", [])
    for inj in injections:
        if IPV6:
            raise ValueError("inject: inject.py forges IPv4 segments only (KERNEL_IPV6 is set)")
        if inj.get("from") not in ("client", "server") or inj.get("to") == inj.get("from"):
            raise ValueError("inject: only \"from\": \"client\" or \"server\" towards the other "
                             "host is supported on the kernel (got %s)" % json.dumps(inj))
    simopen = "listen" not in sprog and "connect" in sprog and "connect" in cprog
    notes = []

    lab = Lab()
    try:
        lab.setup()
        # Optional extension: {"sysctl": {"net.ipv4.tcp_syn_linear_timeouts": "0"}} applied
        # in both end-host namespaces before anything runs.
        for k, v in scn.get("sysctl", {}).items():
            for who in ("client", "server"):
                # Quoted: some values are several numbers (tcp_rmem "4096 8192 65536").
                sh(lab.nsx(who, "sysctl -qw %s" % shlex.quote("%s=%s" % (k, v))))
        keys = SYSCTLS + [k for k in scn.get("sysctl", {}) if k not in SYSCTLS]
        env = {k: sh(lab.nsx("client", "sysctl -n %s" % k), check=False).strip() for k in keys}

        # Independent witness captures on the router (ingress + egress per side).
        caps = {}
        for dev in ("rc", "rs"):
            for d in ("in", "out"):
                path = os.path.join(lab.tmp, "%s_%s.pcap" % (dev, d))
                errf = open(path + ".err", "w+")
                p = lab.spawn("router", ["tcpdump", "-Z", "root", "-i", dev, "-Q", d, "-U", "-n",
                                         "--time-stamp-precision=nano", "-w", path, "tcp"],
                              stdout=subprocess.DEVNULL, stderr=errf)
                caps[(dev, d)] = (p, path, errf)
        t_wait = time.time() + 5
        while time.time() < t_wait:
            if all("listening on" in open(v[1] + ".err").read() for v in caps.values()):
                break
            time.sleep(0.05)
        else:
            notes.append("warning: tcpdump witnesses did not report ready within 5 s")

        relay_log = os.path.join(lab.tmp, "relay.jsonl")
        relay = lab.spawn("router", [PY, os.path.join(HERE, "relay.py"), "rc", "rs",
                                     str(delay_ms), json.dumps(drops), relay_log],
                          stdout=subprocess.PIPE, text=True)
        if relay.stdout.readline().strip() != "ready":
            raise RuntimeError("relay failed to start")

        # Optional "inject": segments put on the wire by a raw socket in the
        # namespace of the host they claim to come from (see inject.py).
        inject_log = os.path.join(lab.tmp, "inject.jsonl")
        for who in ("client", "server"):
            items = [i for i in injections if i["from"] == who]
            if not items:
                continue
            plan = {"from": who, "to": "server" if who == "client" else "client",
                    "isn": {"client": int(scn["client"]["isn"]), "server": int(scn["server"]["isn"])},
                    "addr": {"client": CLIENT_IP, "server": SERVER_IP}, "items": items}
            inj = lab.spawn(who, [PY, os.path.join(HERE, "inject.py"), relay_log, json.dumps(plan),
                                  inject_log], stdout=subprocess.PIPE, text=True)
            if inj.stdout.readline().strip() != "ready":
                raise RuntimeError("inject.py failed to start")

        t_start = time.time()
        deadline = t_start + cap_s
        hosts = {}
        # A simultaneous open starts both programs at the same instant.
        start_at = [str(SIMOPEN_CLIENT_PORT), "%.6f" % (t_start + 0.5)] if simopen else []
        server_port = [str(PORT), start_at[1]] if simopen else []
        if sprog:
            hosts["server"] = lab.spawn("server", [PY, os.path.join(HERE, "host.py"), "server",
                                                   SERVER_IP, CLIENT_IP,
                                                   str(SIMOPEN_CLIENT_PORT if simopen else PORT),
                                                   str(smss), json.dumps(sprog)] + server_port,
                                        stdout=subprocess.PIPE, text=True)
        server_lines = []
        if sprog and "listen" in sprog:
            while True:
                line = hosts["server"].stdout.readline()
                if not line:
                    break
                server_lines.append(line)
                if '"listening"' in line:
                    break
        if cprog:
            hosts["client"] = lab.spawn("client", [PY, os.path.join(HERE, "host.py"), "client",
                                                   CLIENT_IP, SERVER_IP, str(PORT), str(cmss),
                                                   json.dumps(cprog)] + start_at,
                                        stdout=subprocess.PIPE, text=True)

        # Wait for both programs (bounded by the cap).
        killed = []
        for who, p in hosts.items():
            try:
                p.wait(timeout=max(0.1, deadline - time.time()))
            except subprocess.TimeoutExpired:
                pass
        for who, p in hosts.items():
            if p.poll() is None:
                lab.stop(p, signal.SIGKILL)
                killed.append(who)
        if killed:
            notes.append("run capped at %.0f s: killed still-running program(s): %s"
                         % (cap_s, ", ".join(killed)))
        outputs = {"server": server_lines, "client": []}
        for who, p in hosts.items():
            outputs[who] = outputs.get(who, []) + p.stdout.readlines()

        # Settle: wait until every remaining socket is in TIME-WAIT (or gone)
        # and nothing has crossed the router for a quiet period.
        quiet = max(1.0, 3 * delay_ms / 1000.0 + 0.5)

        def snapshot():
            return {w: parse_ss(sh(lab.nsx(w, "ss -tanoH"), check=False)) for w in ("client", "server")}

        def last_frame_ts():
            last = t_start
            try:
                for line in open(relay_log):
                    rec = json.loads(line)
                    last = max(last, rec.get("ts", 0), rec.get("sent", 0))
            except (OSError, ValueError):
                pass
            return last

        while True:
            states = snapshot()
            busy = [r for w in states.values() for r in w if r["state"] not in ("TIME-WAIT",)]
            if not busy and time.time() - last_frame_ts() >= quiet:
                break
            if time.time() >= deadline:
                notes.append("run capped at %.0f s while sockets were still in: %s"
                             % (cap_s, ", ".join(sorted({r["state"] for r in busy})) or "-"))
                break
            time.sleep(0.2)
        t_end = time.time()
        leftover = snapshot()
        # The namespaces are fresh, so their MIB counters count this run only.
        counters = {w: dict(sorted({**parse_counters(sh(lab.nsx(w, "cat /proc/net/snmp"), check=False)),
                                    **parse_counters(sh(lab.nsx(w, "cat /proc/net/netstat"), check=False))}.items()))
                    for w in ("client", "server")}

        lab.stop(relay)
        time.sleep(0.3)
        for p, _, _ in caps.values():
            lab.stop(p, signal.SIGINT)
        keep = os.environ.get("KERNEL_PCAP")
        if keep:
            # By default the router's ingress from both sides merged by time:
            # what a capture point in the middle of the path sees, before the
            # relay's drops (for model/tests/capture_kernel.rs).
            # KERNEL_PCAP_AT=client (or server) keeps what tcpdump on that end
            # host would see instead: its own segments as it sent them, before
            # the path's drops, and the peer's only when they reached it (the
            # router's side of that host's veth, which adds no delay).
            at = os.environ.get("KERNEL_PCAP_AT", "middle")
            pair = {"middle": [("rc", "in"), ("rs", "in")], "client": [("rc", "in"), ("rc", "out")],
                    "server": [("rs", "in"), ("rs", "out")]}.get(at)
            if pair is None:
                raise SystemExit("KERNEL_PCAP_AT must be middle, client or server, not %r" % at)
            sh("mergecap -F pcap -w %s %s %s" % (shlex.quote(keep), shlex.quote(caps[pair[0]][1]),
                                                  shlex.quote(caps[pair[1]][1])))

        # ------------------------------------------------------ build fixture
        frames, sent_at, copy_at = [], {}, {}
        for line in open(relay_log):
            rec = json.loads(line)
            if "sent" in rec:
                (copy_at if rec.get("copy") else sent_at)[rec["i"]] = rec["sent"]
            else:
                frames.append(rec)
        tcp_frames = []
        for rec in frames:
            pkt = parse_frame(bytes.fromhex(rec["hex"]))
            if pkt is None:
                notes.append("non-TCP frame relayed from %s (ignored)" % rec["in"])
                continue
            tcp_frames.append((rec, pkt))
        # Order by kernel receive timestamp: frames from the two sides are read
        # from two sockets, so relay order can differ from wire order by <1 ms.
        tcp_frames.sort(key=lambda rp: rp[0]["ts"])
        injected_tcp = set()
        if os.path.exists(inject_log):
            for line in open(inject_log):
                ip = bytes.fromhex(json.loads(line)["hex"])
                injected_tcp.add(ip[(ip[0] & 0x0F) * 4:])

        isn, wscale, mss_seen = {}, {}, {}
        for rec, pkt in tcp_frames:
            if pkt["flags"] & 0x02 and rec["in"] not in isn:
                isn[rec["in"]] = pkt["seq"]
                d = dict(pkt["opts"])
                wscale[rec["in"]] = d.get("wscale")
                mss_seen[rec["in"]] = d.get("mss")
        both_ws = all(wscale.get(w) is not None for w in ("client", "server"))
        t0 = tcp_frames[0][0]["ts"] if tcp_frames else t_start
        other = {"client": "server", "server": "client"}

        def rel(v, who):
            return (v - isn[who]) % (1 << 32) if who in isn else v

        segments = []
        for k, (rec, pkt) in enumerate(tcp_frames):
            who = rec["in"]
            has_ack = bool(pkt["flags"] & 0x10)
            opts = []
            for name, val in pkt["opts"]:
                if name == "mss":
                    opts.append("mss=%d" % val)
                elif name == "wscale":
                    opts.append("wscale=%d" % val)
                elif name == "sack":
                    opts.append("sack=" + ",".join("%d-%d" % (rel(a, other[who]), rel(b, other[who]))
                                                   for a, b in val))
                elif name == "ts":
                    opts.append("ts")
                else:
                    opts.append(name if val is None else "%s=%s" % (name, val))
            syn = bool(pkt["flags"] & 0x02)
            if syn or not both_ws:
                wbytes = pkt["window"]
            else:
                wbytes = pkt["window"] << wscale[who]
            seg = {
                "from": who,
                "flags": flag_str(pkt["flags"]),
                "seq": rel(pkt["seq"], who),
                "ack": rel(pkt["ack"], other[who]) if has_ack else None,
                "len": pkt["len"],
                "mss": dict(pkt["opts"]).get("mss"),
                "window": pkt["window"],
                "t_ms": round((rec["ts"] - t0) * 1000, 3),
                "dropped": rec["action"] == "drop",
                # extras (not in the minimal format)
                "delivered_ms": round((sent_at[rec["i"]] - t0) * 1000, 3) if rec["i"] in sent_at else None,
                # A rule's "hold_ms" delivered it late (others may overtake it);
                # its "dup_ms" delivered a second copy, at copy_delivered_ms.
                **({"held": True} if rec["action"] == "hold" else {}),
                **({"copy_delivered_ms": round((copy_at[rec["i"]] - t0) * 1000, 3)}
                   if rec["i"] in copy_at else {}),
                "window_bytes": wbytes,
                "options": opts,
                "seq_raw": pkt["seq"],
                "ack_raw": pkt["ack"] if has_ack else None,
            }
            ts = dict(pkt["opts"]).get("ts")
            if ts is not None and injections:
                # Scenarios with injected segments show the timestamps (PAWS matters there).
                seg["tsval"], seg["tsecr"] = ts
            if who not in isn:
                seg["note"] = "sender never sent a SYN: seq is the raw on-wire value"
            elif pkt["flags"] & 0x04 and pkt["seq"] == 0:
                seg["note"] = ("RST with raw seq 0 (the answer to a SYN that found no socket); "
                               "seq is shown relative to this sender's earlier ISN")
            frame = bytes.fromhex(rec["hex"])
            if frame[14 + (frame[14] & 0x0F) * 4:] in injected_tcp:
                # The model calls a segment that no host's TCP sent a "stray";
                # "via" names the side whose veth it entered the relay from.
                seg["from"], seg["via"], seg["injected"] = "stray", who, True
            segments.append(seg)

        calls = []
        for who in ("server", "client"):
            for line in outputs.get(who, []):
                try:
                    rec = json.loads(line)
                except ValueError:
                    continue
                if "call" not in rec:
                    continue
                c = {"host": who, "call": rec["call"],
                     "start_ms": round((rec["start"] - t0) * 1000, 1),
                     "end_ms": round((rec["end"] - t0) * 1000, 1)}
                if "error" in rec:
                    c["error"] = rec["error"]
                    notes.append("%s: %r failed: %s" % (who, rec["call"], rec["error"]))
                else:
                    c["result"] = rec["result"]
                calls.append(c)
        calls.sort(key=lambda c: c["start_ms"])

        # -------------------------------------------------- notes & checks
        notes.append("delay: user-space AF_PACKET relay in a router netns adds %g ms one way in each "
                     "direction (kernel lacks sch_netem); t_ms = time the frame reached the router "
                     "(= left the sender), delivered_ms = time the relay re-sent it to the peer"
                     % delay_ms)
        notes.append("seq/ack are relative to each direction's ISN (ISN raw: client=%s server=%s); "
                     "ack is null when the ACK flag is not set" % (isn.get("client"), isn.get("server")))
        if simopen:
            notes.append("simultaneous open: no listener; client bound port %d and connected to "
                         "server:%d, server bound port %d and connected to client:%d; both connect() "
                         "calls were started at the same instant (time.time() barrier)"
                         % (SIMOPEN_CLIENT_PORT, PORT, PORT, SIMOPEN_CLIENT_PORT))
        n_inj = sum(1 for s in segments if s.get("injected"))
        if injections:
            notes.append("inject: %d segment(s) sent by a raw socket (inject.py) in the claimed sender's "
                         "namespace, marked \"injected\": true; seq/ack moved by the offset between "
                         "the real and the scenario ISNs; at_ms counts from t_ms 0" % n_inj)
        for who, req in (("client", cmss), ("server", smss)):
            if who in mss_seen:
                notes.append("%s: TCP_MAXSEG=%d requested, MSS option on wire = %s, wscale = %s"
                             % (who, req, mss_seen[who], wscale.get(who)))
        done = {"drop": "dropped", "hold": "held back", "dup": "duplicated", "mark": "marked CE"}
        for rec, pkt in tcp_frames:
            if rec["action"] in done:
                r = drops[rec["rule"]]
                notes.append("%s %s segment #%d of flag set %s (rule %s)"
                             % (done[rec["action"]], rec["in"], rec["count"], rec["tcp_flags"], json.dumps(r)))
        for k, r in enumerate(drops):
            if not any(rec["rule"] == k for rec, _ in tcp_frames):
                notes.append("drop rule %s never matched (fewer than nth such segments)" % json.dumps(r))
        notes.extend(cross_check(caps, tcp_frames, delay_ms, sent_at, copy_at))

        return {
            "scenario": scn,
            "kernel": os.uname().release,
            "segments": segments,
            "leftover_states": {
                "at_ms": round((t_end - t0) * 1000, 1),
                "client": leftover["client"],
                "server": leftover["server"],
            },
            "calls": calls,
            "counters": counters,
            "sysctl": env,
            "notes": notes,
        } | ({"capture_at": os.environ["KERNEL_PCAP_AT"]}
             if os.environ.get("KERNEL_PCAP") and os.environ.get("KERNEL_PCAP_AT", "middle") != "middle" else {}) \
          | ({"family": "ipv6"} if IPV6 else {})
    finally:
        lab.close()
        for f in os.listdir(lab.tmp):
            os.unlink(os.path.join(lab.tmp, f))
        os.rmdir(lab.tmp)


def cross_check(caps, tcp_frames, delay_ms, sent_at, copy_at):
    """Compare the relay's view with tcpdump's on the router interfaces."""
    notes = []
    pc = {k: read_pcap(v[1]) for k, v in caps.items()}
    if any(v is None for v in pc.values()):
        return ["cross-check skipped: a tcpdump capture file is missing"]
    ok = True
    for who, dev_in, dev_out in (("client", "rc", "rs"), ("server", "rs", "rc")):
        mine = [(rec, bytes.fromhex(rec["hex"])) for rec, _ in tcp_frames if rec["in"] == who]
        ing = pc[(dev_in, "in")]
        egr = pc[(dev_out, "out")]
        if [b for _, b in ing] != [b for _, b in mine]:
            ok = False
            notes.append("CROSS-CHECK MISMATCH: %s ingress: tcpdump saw %d frames, relay %d"
                         % (who, len(ing), len(mine)))
        # In the order the relay sent them (a held segment late, a
        # duplicate's copy after it): each rx timestamp with its send time.
        sends = [(sent_at[rec["i"]], rec, b) for rec, b in mine if rec["i"] in sent_at]
        sends += [(copy_at[rec["i"]], rec, b) for rec, b in mine if rec["i"] in copy_at]
        # A frame the relay marked CE left it with that mark.
        fwd = [(rec, mark_ce(b) if rec["action"] == "mark" else b)
               for _, rec, b in sorted(sends, key=lambda x: x[0])]
        if [b for _, b in egr] != [b for _, b in fwd]:
            ok = False
            notes.append("CROSS-CHECK MISMATCH: %s->peer egress: tcpdump saw %d frames, relay forwarded %d"
                         % (who, len(egr), len(fwd)))
        elif fwd:
            d = [(e[0] - rec["ts"]) * 1000 for e, (rec, _) in zip(egr, fwd)]
            notes.append("cross-check %s: tcpdump ingress == relay input (%d frames); egress == "
                         "forwarded frames (%d, dropped ones absent); measured added delay "
                         "min/median/max = %.1f/%.1f/%.1f ms (target %g)"
                         % (who, len(mine), len(fwd), min(d), statistics.median(d), max(d), delay_ms))
    if not ok:
        notes.append("cross-check FAILED: see mismatches above")
    return notes


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: run_scenario.py SCENARIO.json")
    if os.geteuid() != 0:
        sys.exit("run_scenario.py needs root (network namespaces)")
    scn = json.load(open(sys.argv[1]))

    def on_signal(signum, _):
        raise KeyboardInterrupt("signal %d" % signum)

    signal.signal(signal.SIGTERM, on_signal)
    fixture = run(scn)
    sys.stdout.write(dump_fixture(fixture))


def dump_fixture(fx):
    """JSON with one segment / call / socket per line (diff- and review-friendly)."""
    def lst(items, ind):
        if not items:
            return "[]"
        return "[\n" + ",\n".join(ind + "  " + json.dumps(x) for x in items) + "\n" + ind + "]"
    lo = fx["leftover_states"]
    parts = [
        '"scenario": ' + json.dumps(fx["scenario"]),
        '"kernel": ' + json.dumps(fx["kernel"]),
        '"segments": ' + lst(fx["segments"], ""),
        '"leftover_states": {"at_ms": %s,\n "client": %s,\n "server": %s}'
        % (json.dumps(lo["at_ms"]), lst(lo["client"], " "), lst(lo["server"], " ")),
        '"calls": ' + lst(fx["calls"], ""),
        '"sysctl": ' + json.dumps(fx["sysctl"]),
    ]
    if "capture_at" in fx:
        parts.append('"capture_at": ' + json.dumps(fx["capture_at"]))
    if "family" in fx:
        parts.append('"family": ' + json.dumps(fx["family"]))
    if "counters" in fx:
        parts.append('"counters": {"client": %s,\n "server": %s}'
                     % (json.dumps(fx["counters"]["client"]), json.dumps(fx["counters"]["server"])))
    parts += [
        '"notes": ' + lst(fx["notes"], ""),
    ]
    return "{" + ",\n".join(parts) + "}\n"


if __name__ == "__main__":
    main()
