import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { V2Rendition } from './documents.ts';
import { OPENAPI_V2_PROTOBUF } from './encode.ts';
import { OPENAPI_V2_PROTOBUF_RESPONSE, negotiateV2, respondOpenAPIv2 } from './respond.ts';

describe('GET /openapi/v2 negotiation', () => {
  it('answers protobuf to the media types client-go sends, JSON to JSON and wildcards', () => {
    assert.equal(negotiateV2(OPENAPI_V2_PROTOBUF), 'protobuf');
    assert.equal(negotiateV2('application/com.github.proto-openapi.spec.v2.v1.0+protobuf'), 'protobuf');
    assert.equal(negotiateV2(`application/json;q=0.5, ${OPENAPI_V2_PROTOBUF}`), 'protobuf');
    assert.equal(negotiateV2('application/json, */*'), 'json');
    assert.equal(negotiateV2(undefined), 'json');
    assert.equal(negotiateV2('*/*'), 'json');
    assert.equal(negotiateV2('application/yaml'), undefined);
  });

  it('serves both encodings under one ETag, 304 on If-None-Match, 406 when nothing fits', () => {
    const doc = new V2Rendition({ swagger: '2.0', info: { title: 't', version: 'v' }, paths: {}, definitions: {} });
    const pb = respondOpenAPIv2(doc, OPENAPI_V2_PROTOBUF, undefined);
    assert.equal(pb.status, 200);
    assert.equal(pb.headers['Content-Type'], OPENAPI_V2_PROTOBUF_RESPONSE);
    assert.equal(pb.headers.Vary, 'Accept');
    assert.ok(pb.body.equals(doc.protobuf()));
    const json = respondOpenAPIv2(doc, 'application/json', undefined);
    assert.equal(json.headers['Content-Type'], 'application/json');
    assert.deepEqual(JSON.parse(json.body.toString()), doc.doc);
    assert.equal(json.headers.ETag, pb.headers.ETag);
    assert.equal(respondOpenAPIv2(doc, OPENAPI_V2_PROTOBUF, `"other", ${pb.headers.ETag}`).status, 304);
    assert.equal(respondOpenAPIv2(doc, OPENAPI_V2_PROTOBUF, '"other"').status, 200);
    assert.equal(respondOpenAPIv2(doc, 'text/html', undefined).status, 406);
  });
});
