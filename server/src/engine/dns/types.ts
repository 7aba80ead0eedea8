/** The record types the engine answers with records of their own (the kubernetes plugin's, less MX which it never has). */
export type ServedRecordType = 'A' | 'AAAA' | 'SRV' | 'PTR' | 'CNAME' | 'TXT' | 'NS' | 'SOA';
/** A query type by its mnemonic: a served one, or any other (HINFO, MX, ANY...), which CoreDNS answers NODATA or NXDOMAIN. */
export type RecordType = ServedRecordType | (string & {});
export type ResponseCode = 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL';

export interface SrvData {
  readonly priority: number;
  readonly weight: number;
  readonly port: number;
  readonly target: string;
}

export interface ResourceRecord {
  readonly name: string;
  readonly type: ServedRecordType;
  readonly data: string | SrvData;
}

export interface DnsAnswer {
  readonly rcode: ResponseCode;
  readonly answer: readonly ResourceRecord[];
  /** Why: which object answered, or which choice the simulation made (CoreDNS behaviour, upstream). */
  readonly notes: readonly string[];
}

export interface ResolvConf {
  readonly nameservers: readonly string[];
  readonly search: readonly string[];
  readonly options: readonly string[];
  readonly notes: readonly string[];
}

export interface Resolution extends DnsAnswer {
  /** Every absolute name the stub resolver asked for, in order. */
  readonly tried: readonly string[];
  /** The name that answered, or undefined when none did. */
  readonly resolvedName: string | undefined;
}
