import * as asn1js from 'asn1js';

/**
 * The DER of a SignerInfo's signed attributes as they were signed (RFC 5652 §5.4: the [0] IMPLICIT
 * field with its tag turned back into SET, 0x31), taken from the bytes as received rather than from
 * a re-encoding, so what is verified is exactly what the signer signed. Undefined when the
 * ContentInfo has no such signer or no signed attributes.
 */
export function signedAttributesOf(contentInfoDer: Uint8Array, signerIndex = 0): Uint8Array | undefined {
  const parsed = asn1js.fromBER(contentInfoDer);
  if (parsed.offset === -1 || !(parsed.result instanceof asn1js.Sequence)) return undefined;
  const explicit = parsed.result.valueBlock.value[1];
  if (!(explicit instanceof asn1js.Constructed)) return undefined;
  const signedData = explicit.valueBlock.value[0];
  if (!(signedData instanceof asn1js.Sequence)) return undefined;
  const signerInfos = signedData.valueBlock.value[signedData.valueBlock.value.length - 1];
  if (!(signerInfos instanceof asn1js.Set)) return undefined;
  const signerInfo = signerInfos.valueBlock.value[signerIndex];
  if (!(signerInfo instanceof asn1js.Sequence)) return undefined;
  const field = signerInfo.valueBlock.value.find((item) => item.idBlock.tagClass === 3 && item.idBlock.tagNumber === 0);
  if (!field) return undefined;
  const bytes = new Uint8Array(field.valueBeforeDecodeView).slice();
  bytes[0] = 0x31;
  return bytes;
}
