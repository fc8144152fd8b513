#!/usr/bin/env node
// The reference side of the LiveKit conformance tests (tests/LiveKit.Tests/Conformance): every answer printed
// here is computed by LiveKit's official Node server SDK (livekit-server-sdk, pinned in package.json), never by
// this project's C# code. tests/LiveKit.Testing/LiveKitOracle.cs runs it; test.sh installs it with `npm ci`.
//
// Commands (a rejection prints its reason on stderr and exits 1):
//   verify-token <jwt> <apiKey> <apiSecret>                  the token's claims as JSON
//   mint-token <apiKey> <apiSecret> <identity> <grantJson> [name] [metadata]
//                                                            a one-hour token with that video grant
//   sign-webhook <bodyFile> <apiKey> <apiSecret>             the Authorization value LiveKit sends with that body
//   verify-webhook <bodyFile> <authorization> <apiKey> <apiSecret>
//                                                            the event as the official receiver parses it (proto3 JSON)
//   egress-webhook <event> <apiKey> <apiSecret>              {"body","authorization"}: a signed egress event whose
//                                                            body the official SDK serialized (see EGRESS_EVENTS)
//   room-service-requests                                    the RoomServiceClient requests of ROOM_SERVICE_SCRIPT
//   egress-requests                                          the EgressClient requests of EGRESS_SCRIPT
//
// The *-requests commands print one JSON object a line: {method, path, contentType, body, grant}, where grant is
// the video claim of the request's bearer token.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import {
  AccessToken, EgressClient, EgressInfo, EgressStatus, EncodedFileOutput, EncodedFileType, RoomServiceClient,
  S3Upload, SegmentedFileOutput, SegmentedFileProtocol, TokenVerifier, TrackSource, WebhookEvent, WebhookReceiver,
} from 'livekit-server-sdk';

const API_KEY = 'devkey';
const API_SECRET = 'secret';

class Rejected extends Error {}

/** The calls whose wire form our RoomServiceClient must match (RoomServiceConformanceTests runs the same). */
async function ROOM_SERVICE_SCRIPT(host) {
  const rooms = new RoomServiceClient(host, API_KEY, API_SECRET);
  await rooms.createRoom({ name: 'space-1', emptyTimeout: 300, metadata: '{"title":"t"}' });
  await rooms.updateParticipant('space-1', 'alice', undefined,
    { canPublish: true, canSubscribe: true, canPublishData: true, canPublishSources: [TrackSource.MICROPHONE] });
  await rooms.updateParticipant('space-1', 'alice', undefined, { canPublish: false, canSubscribe: true, canPublishData: false });
  await rooms.mutePublishedTrack('space-1', 'alice', 'TR_abc', true);
  await rooms.removeParticipant('space-1', 'bob');
  await rooms.listParticipants('space-1');
  await rooms.updateRoomMetadata('space-1', '{"title":"u"}');
  await rooms.deleteRoom('space-1');
}

/** The calls whose wire form our EgressClient must match (EgressConformanceTests runs the same). */
async function EGRESS_SCRIPT(host) {
  const egress = new EgressClient(host, API_KEY, API_SECRET);
  // An audio-only HLS stream of the room, two-second segments, to the egress service's default storage.
  await egress.startRoomCompositeEgress('space-1', {
    segments: new SegmentedFileOutput({
      protocol: SegmentedFileProtocol.HLS_PROTOCOL,
      filenamePrefix: 'spaces/space-1/hls/segment',
      playlistName: 'spaces/space-1/hls/index.m3u8',
      livePlaylistName: 'spaces/space-1/hls/live.m3u8',
      segmentDuration: 2,
    }),
  }, { audioOnly: true });
  // An audio-only recording of the room to an S3 bucket.
  await egress.startRoomCompositeEgress('space-1', {
    file: new EncodedFileOutput({
      fileType: EncodedFileType.OGG,
      filepath: 'spaces/space-1/recording.ogg',
      output: {
        case: 's3',
        value: new S3Upload({ accessKey: 'AKIA1', secret: 's3-secret', region: 'eu-west-1', bucket: 'spaces-media', forcePathStyle: true }),
      },
    }),
  }, { audioOnly: true });
  await egress.listEgress({ roomName: 'space-1', active: true });
  await egress.listEgress({ egressId: 'EG_1' });
  await egress.stopEgress('EG_1');
}

/**
 * Egress events as a LiveKit server would post them, built and serialized by the official SDK. int64 fields
 * (timestamps in nanoseconds, sizes) come out as JSON strings, enums as their proto names.
 */
const EGRESS_EVENTS = {
  egress_started: () => new EgressInfo({
    egressId: 'EG_hls', roomId: 'RM_1', roomName: 'space-1', status: EgressStatus.EGRESS_STARTING,
    segmentResults: [{ playlistName: 'spaces/space-1/hls/index.m3u8', livePlaylistName: 'spaces/space-1/hls/live.m3u8' }],
  }),
  egress_updated: () => new EgressInfo({
    egressId: 'EG_hls', roomId: 'RM_1', roomName: 'space-1', status: EgressStatus.EGRESS_ACTIVE,
    startedAt: 1_700_000_000_000_000_000n, updatedAt: 1_700_000_002_000_000_000n,
    segmentResults: [{ playlistName: 'spaces/space-1/hls/index.m3u8', segmentCount: 1n }],
  }),
  egress_ended: () => new EgressInfo({
    egressId: 'EG_file', roomId: 'RM_1', roomName: 'space-1', status: EgressStatus.EGRESS_FAILED,
    startedAt: 1_700_000_000_000_000_000n, endedAt: 1_700_000_060_000_000_000n,
    error: 'upload failed: access denied', errorCode: 403,
    fileResults: [{
      filename: 'spaces/space-1/recording.ogg', startedAt: 1_700_000_000_000_000_000n, endedAt: 1_700_000_060_000_000_000n,
      duration: 60_000_000_000n, size: 480_000n, location: 'https://spaces-media.s3.amazonaws.com/spaces/space-1/recording.ogg',
    }],
  }),
};

/** Starts a local HTTP server that records every request and answers {}; runs script(host); returns the records. */
async function captureRequests(script) {
  const captured = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      captured.push({ method: req.method, path: req.url, contentType: req.headers['content-type'], authorization: req.headers.authorization, body });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise((listening) => server.listen(0, '127.0.0.1', listening));
  try {
    await script(`http://127.0.0.1:${server.address().port}`);
  } finally {
    server.close();
  }
  return captured.map(({ authorization, body, ...request }) => ({
    ...request,
    body: body === '' ? {} : JSON.parse(body),
    grant: videoClaimOf(authorization),
  }));
}

function videoClaimOf(authorization) {
  const payload = (authorization ?? '').replace(/^Bearer /, '').split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8') || '{}').video;
}

async function webhookToken(body, apiKey, apiSecret) {
  const token = new AccessToken(apiKey, apiSecret, { ttl: '5m' });
  token.sha256 = crypto.createHash('sha256').update(body).digest('base64');
  return token.toJwt();
}

async function rejectOnError(work) {
  try {
    return await work();
  } catch (error) {
    throw new Rejected(`rejected: ${error.message}`);
  }
}

const printLines = (records) => records.map((record) => JSON.stringify(record)).join('\n');

const commands = {
  'verify-token': async (jwt, apiKey, apiSecret) =>
    JSON.stringify(await rejectOnError(() => new TokenVerifier(apiKey, apiSecret).verify(jwt))),

  'mint-token': async (apiKey, apiSecret, identity, grantJson, name, metadata) => {
    const token = new AccessToken(apiKey, apiSecret, { identity, name, metadata, ttl: '1h' });
    token.addGrant(JSON.parse(grantJson));
    return token.toJwt();
  },

  'sign-webhook': (bodyFile, apiKey, apiSecret) => webhookToken(fs.readFileSync(bodyFile), apiKey, apiSecret),

  'verify-webhook': async (bodyFile, authorization, apiKey, apiSecret) => {
    const event = await rejectOnError(() =>
      new WebhookReceiver(apiKey, apiSecret).receive(fs.readFileSync(bodyFile, 'utf8'), authorization));
    return JSON.stringify(event.toJson());
  },

  'egress-webhook': async (eventName, apiKey, apiSecret) => {
    const egressInfo = EGRESS_EVENTS[eventName];
    if (!egressInfo) throw new Rejected(`unknown egress event '${eventName}'; one of ${Object.keys(EGRESS_EVENTS).join(', ')}`);
    const event = new WebhookEvent({ id: `EV_${eventName}`, createdAt: 1_700_000_100n, egressInfo: egressInfo() });
    // The SDK's WebhookEvent resets `event` after construction, so it is set afterwards.
    event.event = eventName;
    const body = event.toJsonString();
    return JSON.stringify({ body, authorization: await webhookToken(body, apiKey, apiSecret) });
  },

  'room-service-requests': async () => printLines(await captureRequests(ROOM_SERVICE_SCRIPT)),

  'egress-requests': async () => printLines(await captureRequests(EGRESS_SCRIPT)),
};

const [name, ...args] = process.argv.slice(2);
const command = commands[name];
if (!command) {
  console.error(`usage: oracle.mjs ${Object.keys(commands).join('|')} ...`);
  process.exit(2);
}
try {
  console.log(await command(...args));
} catch (error) {
  console.error(error instanceof Rejected ? error.message : (error.stack ?? String(error)));
  process.exit(1);
}
