// A made-up bulk transfer as a classic pcap (raw IPv4 link type, only the
// headers captured, as `tcpdump -s 40` keeps them): handshake, `segments`
// data segments of 1,448 bytes from the client, an ACK from the server for
// every second one, and the close. The benchmark opens it in the widget to
// time a large capture's opening without keeping a large file in the repo.

const A = [10, 0, 0, 1];
const B = [10, 0, 0, 2];
const MSS = 1448;

/** The file's bytes (about 56 bytes per packet). */
export function bulkTransferPcap(segments = 60_000) {
  const packets = [];
  let us = 0;
  const add = (fromClient, seq, ack, flags, len) => {
    us += 20;
    packets.push({ us, fromClient, seq: seq >>> 0, ack: ack >>> 0, flags, len });
  };
  const [SYN, ACK, FIN, PSH] = [0x02, 0x10, 0x01, 0x08];
  const c0 = 1_000_000, s0 = 7_000_000;
  add(true, c0, 0, SYN, 0);
  add(false, s0, c0 + 1, SYN | ACK, 0);
  add(true, c0 + 1, s0 + 1, ACK, 0);
  let next = c0 + 1;
  for (let i = 0; i < segments; i++) {
    add(true, next, s0 + 1, ACK | (i % 8 === 7 ? PSH : 0), MSS);
    next += MSS;
    if (i % 2 === 1) add(false, s0 + 1, next, ACK, 0);
  }
  add(true, next, s0 + 1, FIN | ACK, 0);
  add(false, s0 + 1, next + 1, FIN | ACK, 0);
  add(true, next + 1, s0 + 2, ACK, 0);

  const out = Buffer.alloc(24 + packets.length * (16 + 40));
  out.writeUInt32LE(0xa1b2c3d4, 0); // microseconds, little-endian
  out.writeUInt16LE(2, 4);
  out.writeUInt16LE(4, 6);
  out.writeUInt32LE(40, 16); // snapshot length: the headers
  out.writeUInt32LE(101, 20); // LINKTYPE_RAW
  let at = 24;
  for (const p of packets) {
    out.writeUInt32LE(1_700_000_000 + Math.floor(p.us / 1e6), at);
    out.writeUInt32LE(p.us % 1e6, at + 4);
    out.writeUInt32LE(40, at + 8);
    out.writeUInt32LE(40 + p.len, at + 12);
    const ip = at + 16;
    out.writeUInt8(0x45, ip);
    out.writeUInt16BE(40 + p.len, ip + 2);
    out.writeUInt8(64, ip + 8);
    out.writeUInt8(6, ip + 9);
    Buffer.from(p.fromClient ? A : B).copy(out, ip + 12);
    Buffer.from(p.fromClient ? B : A).copy(out, ip + 16);
    const tcp = ip + 20;
    out.writeUInt16BE(p.fromClient ? 40000 : 8000, tcp);
    out.writeUInt16BE(p.fromClient ? 8000 : 40000, tcp + 2);
    out.writeUInt32BE(p.seq, tcp + 4);
    out.writeUInt32BE(p.ack, tcp + 8);
    out.writeUInt8(0x50, tcp + 12);
    out.writeUInt8(p.flags, tcp + 13);
    out.writeUInt16BE(65535, tcp + 14);
    at += 56;
  }
  return { buffer: out, packets: packets.length };
}
