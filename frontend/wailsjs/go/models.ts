export namespace archive {
	
	export class ExportResult {
	    path: string;
	    workspaceName: string;
	    bytes: number;
	    counts: Record<string, number>;
	    missingFiles: number;
	
	    static createFrom(source: any = {}) {
	        return new ExportResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.workspaceName = source["workspaceName"];
	        this.bytes = source["bytes"];
	        this.counts = source["counts"];
	        this.missingFiles = source["missingFiles"];
	    }
	}
	export class TableReport {
	    table: string;
	    added: number;
	    updated: number;
	    skipped: number;
	
	    static createFrom(source: any = {}) {
	        return new TableReport(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.table = source["table"];
	        this.added = source["added"];
	        this.updated = source["updated"];
	        this.skipped = source["skipped"];
	    }
	}
	export class Report {
	    workspaceId: string;
	    workspaceName: string;
	    renamedFrom: string;
	    appVersion: string;
	    exportedAt: number;
	    created: boolean;
	    tables: TableReport[];
	    added: number;
	    updated: number;
	    skipped: number;
	    filesAdded: number;
	    filesPresent: number;
	    chunks: number;
	    reindex: number;
	    missingModels: string[];
	    missingFiles: string[];
	
	    static createFrom(source: any = {}) {
	        return new Report(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.workspaceId = source["workspaceId"];
	        this.workspaceName = source["workspaceName"];
	        this.renamedFrom = source["renamedFrom"];
	        this.appVersion = source["appVersion"];
	        this.exportedAt = source["exportedAt"];
	        this.created = source["created"];
	        this.tables = this.convertValues(source["tables"], TableReport);
	        this.added = source["added"];
	        this.updated = source["updated"];
	        this.skipped = source["skipped"];
	        this.filesAdded = source["filesAdded"];
	        this.filesPresent = source["filesPresent"];
	        this.chunks = source["chunks"];
	        this.reindex = source["reindex"];
	        this.missingModels = source["missingModels"];
	        this.missingFiles = source["missingFiles"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace backup {
	
	export class EmbeddingUse {
	    workspaceId: string;
	    ref: string;
	    dimensions: number;
	    chunks: number;
	
	    static createFrom(source: any = {}) {
	        return new EmbeddingUse(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.workspaceId = source["workspaceId"];
	        this.ref = source["ref"];
	        this.dimensions = source["dimensions"];
	        this.chunks = source["chunks"];
	    }
	}
	export class ProviderKey {
	    id: string;
	    name: string;
	    preset: string;
	    keyEnv: string;
	
	    static createFrom(source: any = {}) {
	        return new ProviderKey(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.preset = source["preset"];
	        this.keyEnv = source["keyEnv"];
	    }
	}
	export class Inspection {
	    path: string;
	    encrypted: boolean;
	    needsPassphrase: boolean;
	    compatible: boolean;
	    problem: string;
	    appVersion: string;
	    schemaVersion: number;
	    createdAt: number;
	    files: number;
	    totalBytes: number;
	    embeddings: EmbeddingUse[];
	    providers: ProviderKey[];
	    secrets: string[];
	
	    static createFrom(source: any = {}) {
	        return new Inspection(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.encrypted = source["encrypted"];
	        this.needsPassphrase = source["needsPassphrase"];
	        this.compatible = source["compatible"];
	        this.problem = source["problem"];
	        this.appVersion = source["appVersion"];
	        this.schemaVersion = source["schemaVersion"];
	        this.createdAt = source["createdAt"];
	        this.files = source["files"];
	        this.totalBytes = source["totalBytes"];
	        this.embeddings = this.convertValues(source["embeddings"], EmbeddingUse);
	        this.providers = this.convertValues(source["providers"], ProviderKey);
	        this.secrets = source["secrets"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class KeptFolder {
	    name: string;
	    path: string;
	    bytes: number;
	    keptAt: number;
	
	    static createFrom(source: any = {}) {
	        return new KeptFolder(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.path = source["path"];
	        this.bytes = source["bytes"];
	        this.keptAt = source["keptAt"];
	    }
	}
	export class Notice {
	    restored: boolean;
	    source: string;
	    createdAt: number;
	    restoredAt: number;
	    appVersion: string;
	    asideDir: string;
	    providers: ProviderKey[];
	    secrets: string[];
	    embeddings: EmbeddingUse[];
	
	    static createFrom(source: any = {}) {
	        return new Notice(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.restored = source["restored"];
	        this.source = source["source"];
	        this.createdAt = source["createdAt"];
	        this.restoredAt = source["restoredAt"];
	        this.appVersion = source["appVersion"];
	        this.asideDir = source["asideDir"];
	        this.providers = this.convertValues(source["providers"], ProviderKey);
	        this.secrets = source["secrets"];
	        this.embeddings = this.convertValues(source["embeddings"], EmbeddingUse);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Options {
	    passphrase: string;
	    compress: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Options(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.passphrase = source["passphrase"];
	        this.compress = source["compress"];
	    }
	}
	export class Pending {
	    pending: boolean;
	    dir: string;
	    source: string;
	    stagedAt: number;
	    createdAt: number;
	    providers: ProviderKey[];
	    problem: string;
	
	    static createFrom(source: any = {}) {
	        return new Pending(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.pending = source["pending"];
	        this.dir = source["dir"];
	        this.source = source["source"];
	        this.stagedAt = source["stagedAt"];
	        this.createdAt = source["createdAt"];
	        this.providers = this.convertValues(source["providers"], ProviderKey);
	        this.problem = source["problem"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class Result {
	    path: string;
	    bytes: number;
	    files: number;
	    encrypted: boolean;
	    createdAt: number;
	    providers: ProviderKey[];
	    tookMs: number;
	
	    static createFrom(source: any = {}) {
	        return new Result(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.bytes = source["bytes"];
	        this.files = source["files"];
	        this.encrypted = source["encrypted"];
	        this.createdAt = source["createdAt"];
	        this.providers = this.convertValues(source["providers"], ProviderKey);
	        this.tookMs = source["tookMs"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Schedule {
	    frequency: string;
	    folder: string;
	    keep: number;
	    encrypt: boolean;
	    passphrase: string;
	    hasPassphrase: boolean;
	    lastRunAt: number;
	    lastPath: string;
	    lastError: string;
	    lastErrorAt: number;
	    nextRunAt: number;
	
	    static createFrom(source: any = {}) {
	        return new Schedule(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.frequency = source["frequency"];
	        this.folder = source["folder"];
	        this.keep = source["keep"];
	        this.encrypt = source["encrypt"];
	        this.passphrase = source["passphrase"];
	        this.hasPassphrase = source["hasPassphrase"];
	        this.lastRunAt = source["lastRunAt"];
	        this.lastPath = source["lastPath"];
	        this.lastError = source["lastError"];
	        this.lastErrorAt = source["lastErrorAt"];
	        this.nextRunAt = source["nextRunAt"];
	    }
	}
	export class SettingsImport {
	    path: string;
	    themeSet: boolean;
	    providersAdded: string[];
	    providersKept: string[];
	    profilesAdded: number;
	    templatesAdded: number;
	    skipped: number;
	    needKeys: string[];
	    notes: string[];
	
	    static createFrom(source: any = {}) {
	        return new SettingsImport(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.path = source["path"];
	        this.themeSet = source["themeSet"];
	        this.providersAdded = source["providersAdded"];
	        this.providersKept = source["providersKept"];
	        this.profilesAdded = source["profilesAdded"];
	        this.templatesAdded = source["templatesAdded"];
	        this.skipped = source["skipped"];
	        this.needKeys = source["needKeys"];
	        this.notes = source["notes"];
	    }
	}
	export class Verification {
	    ok: boolean;
	    manifest: Inspection;
	    checked: number;
	    bytes: number;
	
	    static createFrom(source: any = {}) {
	        return new Verification(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ok = source["ok"];
	        this.manifest = this.convertValues(source["manifest"], Inspection);
	        this.checked = source["checked"];
	        this.bytes = source["bytes"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace chat {
	
	export class Attachment {
	    sha256: string;
	    name: string;
	    mime: string;
	    size: number;
	    width: number;
	    height: number;
	    missing: boolean;
	    ref?: string;
	
	    static createFrom(source: any = {}) {
	        return new Attachment(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.sha256 = source["sha256"];
	        this.name = source["name"];
	        this.mime = source["mime"];
	        this.size = source["size"];
	        this.width = source["width"];
	        this.height = source["height"];
	        this.missing = source["missing"];
	        this.ref = source["ref"];
	    }
	}
	export class AttachmentData {
	    mime: string;
	    data: number[];
	
	    static createFrom(source: any = {}) {
	        return new AttachmentData(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.mime = source["mime"];
	        this.data = source["data"];
	    }
	}
	export class AttachmentInput {
	    name: string;
	    mime: string;
	    data: number[];
	    path: string;
	
	    static createFrom(source: any = {}) {
	        return new AttachmentInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.mime = source["mime"];
	        this.data = source["data"];
	        this.path = source["path"];
	    }
	}
	export class Overrides {
	    temperature?: number;
	    topP?: number;
	    maxTokens?: number;
	    contextLength?: number;
	    reasoningEffort?: string;
	    think?: boolean;
	    toolsOff?: string[];
	
	    static createFrom(source: any = {}) {
	        return new Overrides(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.temperature = source["temperature"];
	        this.topP = source["topP"];
	        this.maxTokens = source["maxTokens"];
	        this.contextLength = source["contextLength"];
	        this.reasoningEffort = source["reasoningEffort"];
	        this.think = source["think"];
	        this.toolsOff = source["toolsOff"];
	    }
	}
	export class Chat {
	    id: string;
	    workspaceId: string;
	    title: string;
	    modelRef: string;
	    profileId: string;
	    systemPrompt: string;
	    params: Overrides;
	    pinned: boolean;
	    archivedAt: number;
	    shared: boolean;
	    activeLeafId: string;
	    source: string;
	    authorId: string;
	    createdAt: number;
	    updatedAt: number;
	
	    static createFrom(source: any = {}) {
	        return new Chat(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.workspaceId = source["workspaceId"];
	        this.title = source["title"];
	        this.modelRef = source["modelRef"];
	        this.profileId = source["profileId"];
	        this.systemPrompt = source["systemPrompt"];
	        this.params = this.convertValues(source["params"], Overrides);
	        this.pinned = source["pinned"];
	        this.archivedAt = source["archivedAt"];
	        this.shared = source["shared"];
	        this.activeLeafId = source["activeLeafId"];
	        this.source = source["source"];
	        this.authorId = source["authorId"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ChatPage {
	    chats: Chat[];
	    cursor: string;
	
	    static createFrom(source: any = {}) {
	        return new ChatPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.chats = this.convertValues(source["chats"], Chat);
	        this.cursor = source["cursor"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ChatSettings {
	    modelRef: string;
	    profileId: string;
	    systemPrompt: string;
	    params: Overrides;
	
	    static createFrom(source: any = {}) {
	        return new ChatSettings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.modelRef = source["modelRef"];
	        this.profileId = source["profileId"];
	        this.systemPrompt = source["systemPrompt"];
	        this.params = this.convertValues(source["params"], Overrides);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Totals {
	    tokensIn: number;
	    tokensOut: number;
	    estimated: boolean;
	    messages: number;
	
	    static createFrom(source: any = {}) {
	        return new Totals(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.tokensIn = source["tokensIn"];
	        this.tokensOut = source["tokensOut"];
	        this.estimated = source["estimated"];
	        this.messages = source["messages"];
	    }
	}
	export class Citation {
	    n: number;
	    documentId: string;
	    documentName: string;
	    page: number;
	    chunkId: number;
	    text: string;
	    score: number;
	    cited: boolean;
	    url?: string;
	
	    static createFrom(source: any = {}) {
	        return new Citation(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.n = source["n"];
	        this.documentId = source["documentId"];
	        this.documentName = source["documentName"];
	        this.page = source["page"];
	        this.chunkId = source["chunkId"];
	        this.text = source["text"];
	        this.score = source["score"];
	        this.cited = source["cited"];
	        this.url = source["url"];
	    }
	}
	export class Note {
	    source: string;
	    text: string;
	
	    static createFrom(source: any = {}) {
	        return new Note(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.source = source["source"];
	        this.text = source["text"];
	    }
	}
	export class Message {
	    id: string;
	    chatId: string;
	    parentId: string;
	    role: string;
	    kind: string;
	    toolName: string;
	    toolServer: string;
	    toolCallId: string;
	    notes: Note[];
	    content: string;
	    thinking: string;
	    modelRef: string;
	    tokensIn: number;
	    tokensOut: number;
	    tokensEstimated: boolean;
	    status: string;
	    error: string;
	    finishReason: string;
	    ttftMs: number;
	    tokensPerSec: number;
	    trimmed: number;
	    citations: Citation[];
	    attachments: Attachment[];
	    authorId: string;
	    createdAt: number;
	    updatedAt: number;
	    siblingIds: string[];
	
	    static createFrom(source: any = {}) {
	        return new Message(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.chatId = source["chatId"];
	        this.parentId = source["parentId"];
	        this.role = source["role"];
	        this.kind = source["kind"];
	        this.toolName = source["toolName"];
	        this.toolServer = source["toolServer"];
	        this.toolCallId = source["toolCallId"];
	        this.notes = this.convertValues(source["notes"], Note);
	        this.content = source["content"];
	        this.thinking = source["thinking"];
	        this.modelRef = source["modelRef"];
	        this.tokensIn = source["tokensIn"];
	        this.tokensOut = source["tokensOut"];
	        this.tokensEstimated = source["tokensEstimated"];
	        this.status = source["status"];
	        this.error = source["error"];
	        this.finishReason = source["finishReason"];
	        this.ttftMs = source["ttftMs"];
	        this.tokensPerSec = source["tokensPerSec"];
	        this.trimmed = source["trimmed"];
	        this.citations = this.convertValues(source["citations"], Citation);
	        this.attachments = this.convertValues(source["attachments"], Attachment);
	        this.authorId = source["authorId"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	        this.siblingIds = source["siblingIds"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ChatView {
	    chat: Chat;
	    messages: Message[];
	    totals: Totals;
	    hasMore: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ChatView(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.chat = this.convertValues(source["chat"], Chat);
	        this.messages = this.convertValues(source["messages"], Message);
	        this.totals = this.convertValues(source["totals"], Totals);
	        this.hasMore = source["hasMore"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class ImportResult {
	    format: string;
	    chatsAdded: number;
	    chatsSkipped: number;
	    messagesAdded: number;
	    messagesSkipped: number;
	    chatIds: string[];
	    warnings: string[];
	
	    static createFrom(source: any = {}) {
	        return new ImportResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.format = source["format"];
	        this.chatsAdded = source["chatsAdded"];
	        this.chatsSkipped = source["chatsSkipped"];
	        this.messagesAdded = source["messagesAdded"];
	        this.messagesSkipped = source["messagesSkipped"];
	        this.chatIds = source["chatIds"];
	        this.warnings = source["warnings"];
	    }
	}
	export class ListFilter {
	    workspaceId: string;
	    archived: boolean;
	    cursor: string;
	    limit: number;
	
	    static createFrom(source: any = {}) {
	        return new ListFilter(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.workspaceId = source["workspaceId"];
	        this.archived = source["archived"];
	        this.cursor = source["cursor"];
	        this.limit = source["limit"];
	    }
	}
	
	
	
	export class RunningAnswer {
	    chatId: string;
	    messageId: string;
	    text: string;
	    thinking: string;
	    seq: number;
	
	    static createFrom(source: any = {}) {
	        return new RunningAnswer(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.chatId = source["chatId"];
	        this.messageId = source["messageId"];
	        this.text = source["text"];
	        this.thinking = source["thinking"];
	        this.seq = source["seq"];
	    }
	}
	export class SearchHit {
	    messageId: string;
	    chatId: string;
	    chatTitle: string;
	    workspaceId: string;
	    role: string;
	    snippet: string;
	    rank: number;
	    createdAt: number;
	
	    static createFrom(source: any = {}) {
	        return new SearchHit(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.messageId = source["messageId"];
	        this.chatId = source["chatId"];
	        this.chatTitle = source["chatTitle"];
	        this.workspaceId = source["workspaceId"];
	        this.role = source["role"];
	        this.snippet = source["snippet"];
	        this.rank = source["rank"];
	        this.createdAt = source["createdAt"];
	    }
	}
	export class SearchQuery {
	    query: string;
	    workspaceId: string;
	    limit: number;
	    offset: number;
	
	    static createFrom(source: any = {}) {
	        return new SearchQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.query = source["query"];
	        this.workspaceId = source["workspaceId"];
	        this.limit = source["limit"];
	        this.offset = source["offset"];
	    }
	}
	export class SendInput {
	    chatId: string;
	    content: string;
	    attachments: AttachmentInput[];
	
	    static createFrom(source: any = {}) {
	        return new SendInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.chatId = source["chatId"];
	        this.content = source["content"];
	        this.attachments = this.convertValues(source["attachments"], AttachmentInput);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SendResult {
	    user: Message;
	    assistant: Message;
	
	    static createFrom(source: any = {}) {
	        return new SendResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.user = this.convertValues(source["user"], Message);
	        this.assistant = this.convertValues(source["assistant"], Message);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ToolBrief {
	    name: string;
	    server: string;
	    tool: string;
	    title: string;
	    readOnly: boolean;
	    destructive: boolean;
	    off: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ToolBrief(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.server = source["server"];
	        this.tool = source["tool"];
	        this.title = source["title"];
	        this.readOnly = source["readOnly"];
	        this.destructive = source["destructive"];
	        this.off = source["off"];
	    }
	}
	export class ToolsInfo {
	    available: boolean;
	    reason: string;
	    tools: ToolBrief[];
	    tokens: number;
	    contextLength: number;
	    unavailable: Record<string, string>;
	
	    static createFrom(source: any = {}) {
	        return new ToolsInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.available = source["available"];
	        this.reason = source["reason"];
	        this.tools = this.convertValues(source["tools"], ToolBrief);
	        this.tokens = source["tokens"];
	        this.contextLength = source["contextLength"];
	        this.unavailable = source["unavailable"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace events {
	
	export class BackupProgressPayload {
	    op: string;
	    stage: string;
	    done: number;
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new BackupProgressPayload(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.op = source["op"];
	        this.stage = source["stage"];
	        this.done = source["done"];
	        this.total = source["total"];
	    }
	}
	export class ToolApprovalPayload {
	    id: string;
	    workspaceId: string;
	    chatId: string;
	    messageId: string;
	    server: string;
	    tool: string;
	    title: string;
	    description: string;
	    arguments: string;
	    readOnly: boolean;
	    destructive: boolean;
	    expiresAt: number;
	
	    static createFrom(source: any = {}) {
	        return new ToolApprovalPayload(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.workspaceId = source["workspaceId"];
	        this.chatId = source["chatId"];
	        this.messageId = source["messageId"];
	        this.server = source["server"];
	        this.tool = source["tool"];
	        this.title = source["title"];
	        this.description = source["description"];
	        this.arguments = source["arguments"];
	        this.readOnly = source["readOnly"];
	        this.destructive = source["destructive"];
	        this.expiresAt = source["expiresAt"];
	    }
	}

}

export namespace llm {
	
	export class Support {
	    supported: boolean;
	    note?: string;
	
	    static createFrom(source: any = {}) {
	        return new Support(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.supported = source["supported"];
	        this.note = source["note"];
	    }
	}
	export class ParamSupport {
	    temperature: Support;
	    topP: Support;
	    maxTokens: Support;
	    contextLength: Support;
	    reasoningEffort: Support;
	    think: Support;
	    efforts?: string[];
	
	    static createFrom(source: any = {}) {
	        return new ParamSupport(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.temperature = this.convertValues(source["temperature"], Support);
	        this.topP = this.convertValues(source["topP"], Support);
	        this.maxTokens = this.convertValues(source["maxTokens"], Support);
	        this.contextLength = this.convertValues(source["contextLength"], Support);
	        this.reasoningEffort = this.convertValues(source["reasoningEffort"], Support);
	        this.think = this.convertValues(source["think"], Support);
	        this.efforts = source["efforts"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Preset {
	    id: string;
	    displayName: string;
	    kind: string;
	    baseUrl: string;
	    keyEnv: string;
	    keyRequired: boolean;
	    local: boolean;
	    keyUrl: string;
	
	    static createFrom(source: any = {}) {
	        return new Preset(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.displayName = source["displayName"];
	        this.kind = source["kind"];
	        this.baseUrl = source["baseUrl"];
	        this.keyEnv = source["keyEnv"];
	        this.keyRequired = source["keyRequired"];
	        this.local = source["local"];
	        this.keyUrl = source["keyUrl"];
	    }
	}

}

export namespace localapi {
	
	export class Config {
	    enabled: boolean;
	    port: number;
	    lan: boolean;
	    corsOrigins: string[];
	    recordChats: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Config(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.enabled = source["enabled"];
	        this.port = source["port"];
	        this.lan = source["lan"];
	        this.corsOrigins = source["corsOrigins"];
	        this.recordChats = source["recordChats"];
	    }
	}
	export class Token {
	    id: string;
	    name: string;
	    prefix: string;
	    allWorkspaces: boolean;
	    workspaceIds: string[];
	    createdAt: number;
	    lastUsedAt: number;
	    revokedAt: number;
	
	    static createFrom(source: any = {}) {
	        return new Token(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.prefix = source["prefix"];
	        this.allWorkspaces = source["allWorkspaces"];
	        this.workspaceIds = source["workspaceIds"];
	        this.createdAt = source["createdAt"];
	        this.lastUsedAt = source["lastUsedAt"];
	        this.revokedAt = source["revokedAt"];
	    }
	}
	export class NewToken {
	    token: Token;
	    secret: string;
	
	    static createFrom(source: any = {}) {
	        return new NewToken(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.token = this.convertValues(source["token"], Token);
	        this.secret = source["secret"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Request {
	    id: string;
	    createdAt: number;
	    tokenId: string;
	    tokenName: string;
	    endpoint: string;
	    model: string;
	    modelRef: string;
	    workspaceId: string;
	    inputTokens: number;
	    outputTokens: number;
	    estimated: boolean;
	    stream: boolean;
	    ttftMs: number;
	    durationMs: number;
	    status: number;
	    error: string;
	    source: string;
	
	    static createFrom(source: any = {}) {
	        return new Request(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.createdAt = source["createdAt"];
	        this.tokenId = source["tokenId"];
	        this.tokenName = source["tokenName"];
	        this.endpoint = source["endpoint"];
	        this.model = source["model"];
	        this.modelRef = source["modelRef"];
	        this.workspaceId = source["workspaceId"];
	        this.inputTokens = source["inputTokens"];
	        this.outputTokens = source["outputTokens"];
	        this.estimated = source["estimated"];
	        this.stream = source["stream"];
	        this.ttftMs = source["ttftMs"];
	        this.durationMs = source["durationMs"];
	        this.status = source["status"];
	        this.error = source["error"];
	        this.source = source["source"];
	    }
	}
	export class RequestPage {
	    items: Request[];
	    total: number;
	
	    static createFrom(source: any = {}) {
	        return new RequestPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], Request);
	        this.total = source["total"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Status {
	    config: Config;
	    running: boolean;
	    url: string;
	    error: string;
	    lanUrls: string[];
	
	    static createFrom(source: any = {}) {
	        return new Status(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.config = this.convertValues(source["config"], Config);
	        this.running = source["running"];
	        this.url = source["url"];
	        this.error = source["error"];
	        this.lanUrls = source["lanUrls"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class TokenInput {
	    name: string;
	    allWorkspaces: boolean;
	    workspaceIds: string[];
	
	    static createFrom(source: any = {}) {
	        return new TokenInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.allWorkspaces = source["allWorkspaces"];
	        this.workspaceIds = source["workspaceIds"];
	    }
	}

}

export namespace main {
	
	export class Bootstrap {
	    state: string;
	    message: string;
	    dataDir: string;
	    databasePath: string;
	    version: string;
	    theme: string;
	    sidebarCollapsed: boolean;
	    identity: store.Identity;
	    workspaces: workspace.Workspace[];
	    currentWorkspaceId: string;
	    firstRun: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Bootstrap(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.state = source["state"];
	        this.message = source["message"];
	        this.dataDir = source["dataDir"];
	        this.databasePath = source["databasePath"];
	        this.version = source["version"];
	        this.theme = source["theme"];
	        this.sidebarCollapsed = source["sidebarCollapsed"];
	        this.identity = this.convertValues(source["identity"], store.Identity);
	        this.workspaces = this.convertValues(source["workspaces"], workspace.Workspace);
	        this.currentWorkspaceId = source["currentWorkspaceId"];
	        this.firstRun = source["firstRun"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace models {
	
	export class Defaults {
	    chatModelRef: string;
	    embeddingModelRef: string;
	
	    static createFrom(source: any = {}) {
	        return new Defaults(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.chatModelRef = source["chatModelRef"];
	        this.embeddingModelRef = source["embeddingModelRef"];
	    }
	}
	export class KeyStatus {
	    source: string;
	    hint: string;
	
	    static createFrom(source: any = {}) {
	        return new KeyStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.source = source["source"];
	        this.hint = source["hint"];
	    }
	}
	export class KeychainState {
	    available: boolean;
	    reason: string;
	
	    static createFrom(source: any = {}) {
	        return new KeychainState(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.available = source["available"];
	        this.reason = source["reason"];
	    }
	}
	export class Model {
	    id: string;
	    providerId: string;
	    providerName: string;
	    providerSlug: string;
	    name: string;
	    ref: string;
	    displayName: string;
	    vision: boolean;
	    thinking: boolean;
	    tools: boolean;
	    embedding: boolean;
	    contextLength: number;
	    window: number;
	    dimensions: number;
	    enabled: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Model(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.providerId = source["providerId"];
	        this.providerName = source["providerName"];
	        this.providerSlug = source["providerSlug"];
	        this.name = source["name"];
	        this.ref = source["ref"];
	        this.displayName = source["displayName"];
	        this.vision = source["vision"];
	        this.thinking = source["thinking"];
	        this.tools = source["tools"];
	        this.embedding = source["embedding"];
	        this.contextLength = source["contextLength"];
	        this.window = source["window"];
	        this.dimensions = source["dimensions"];
	        this.enabled = source["enabled"];
	    }
	}
	export class Profile {
	    id: string;
	    workspaceId: string;
	    name: string;
	    temperature?: number;
	    topP?: number;
	    maxTokens?: number;
	    contextLength?: number;
	    reasoningEffort: string;
	    think?: boolean;
	    systemPrompt: string;
	    updatedAt: number;
	
	    static createFrom(source: any = {}) {
	        return new Profile(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.workspaceId = source["workspaceId"];
	        this.name = source["name"];
	        this.temperature = source["temperature"];
	        this.topP = source["topP"];
	        this.maxTokens = source["maxTokens"];
	        this.contextLength = source["contextLength"];
	        this.reasoningEffort = source["reasoningEffort"];
	        this.think = source["think"];
	        this.systemPrompt = source["systemPrompt"];
	        this.updatedAt = source["updatedAt"];
	    }
	}
	export class Provider {
	    id: string;
	    kind: string;
	    preset: string;
	    name: string;
	    slug: string;
	    baseUrl: string;
	    keyEnv: string;
	    enabled: boolean;
	    key: KeyStatus;
	    modelCount: number;
	    keyRequired: boolean;
	    local: boolean;
	    createdAt: number;
	    updatedAt: number;
	
	    static createFrom(source: any = {}) {
	        return new Provider(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.kind = source["kind"];
	        this.preset = source["preset"];
	        this.name = source["name"];
	        this.slug = source["slug"];
	        this.baseUrl = source["baseUrl"];
	        this.keyEnv = source["keyEnv"];
	        this.enabled = source["enabled"];
	        this.key = this.convertValues(source["key"], KeyStatus);
	        this.modelCount = source["modelCount"];
	        this.keyRequired = source["keyRequired"];
	        this.local = source["local"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ProviderInput {
	    preset: string;
	    name: string;
	    baseUrl: string;
	    keyEnv: string;
	    apiKey: string;
	    clearKey: boolean;
	    enabled: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ProviderInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.preset = source["preset"];
	        this.name = source["name"];
	        this.baseUrl = source["baseUrl"];
	        this.keyEnv = source["keyEnv"];
	        this.apiKey = source["apiKey"];
	        this.clearKey = source["clearKey"];
	        this.enabled = source["enabled"];
	    }
	}
	export class Template {
	    id: string;
	    workspaceId: string;
	    name: string;
	    body: string;
	    variables: string[];
	    updatedAt: number;
	
	    static createFrom(source: any = {}) {
	        return new Template(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.workspaceId = source["workspaceId"];
	        this.name = source["name"];
	        this.body = source["body"];
	        this.variables = source["variables"];
	        this.updatedAt = source["updatedAt"];
	    }
	}
	export class TestResult {
	    ok: boolean;
	    latencyMs: number;
	    models: number;
	    error: string;
	    code: string;
	
	    static createFrom(source: any = {}) {
	        return new TestResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ok = source["ok"];
	        this.latencyMs = source["latencyMs"];
	        this.models = source["models"];
	        this.error = source["error"];
	        this.code = source["code"];
	    }
	}

}

export namespace rag {
	
	export class AddFailure {
	    name: string;
	    reason: string;
	
	    static createFrom(source: any = {}) {
	        return new AddFailure(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.reason = source["reason"];
	    }
	}
	export class Document {
	    id: string;
	    workspaceId: string;
	    chatId: string;
	    name: string;
	    mime: string;
	    format: string;
	    size: number;
	    sha256: string;
	    status: string;
	    error: string;
	    warning: string;
	    chunks: number;
	    pages: number;
	    createdAt: number;
	    updatedAt: number;
	
	    static createFrom(source: any = {}) {
	        return new Document(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.workspaceId = source["workspaceId"];
	        this.chatId = source["chatId"];
	        this.name = source["name"];
	        this.mime = source["mime"];
	        this.format = source["format"];
	        this.size = source["size"];
	        this.sha256 = source["sha256"];
	        this.status = source["status"];
	        this.error = source["error"];
	        this.warning = source["warning"];
	        this.chunks = source["chunks"];
	        this.pages = source["pages"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	    }
	}
	export class AddResult {
	    document: Document;
	    duplicate: boolean;
	    retriedFrom?: string;
	
	    static createFrom(source: any = {}) {
	        return new AddResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.document = this.convertValues(source["document"], Document);
	        this.duplicate = source["duplicate"];
	        this.retriedFrom = source["retriedFrom"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class AddReport {
	    added: AddResult[];
	    skipped: string[];
	    skippedCount: number;
	    failed: AddFailure[];
	    notAdded: number;
	    stopped: boolean;
	
	    static createFrom(source: any = {}) {
	        return new AddReport(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.added = this.convertValues(source["added"], AddResult);
	        this.skipped = source["skipped"];
	        this.skippedCount = source["skippedCount"];
	        this.failed = this.convertValues(source["failed"], AddFailure);
	        this.notAdded = source["notAdded"];
	        this.stopped = source["stopped"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class BulkResult {
	    count: number;
	
	    static createFrom(source: any = {}) {
	        return new BulkResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.count = source["count"];
	    }
	}
	
	export class DocumentPage {
	    items: Document[];
	    total: number;
	    offset: number;
	    limit: number;
	
	    static createFrom(source: any = {}) {
	        return new DocumentPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.items = this.convertValues(source["items"], Document);
	        this.total = source["total"];
	        this.offset = source["offset"];
	        this.limit = source["limit"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class FileFormat {
	    extension: string;
	    label: string;
	    mime: string;
	
	    static createFrom(source: any = {}) {
	        return new FileFormat(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.extension = source["extension"];
	        this.label = source["label"];
	        this.mime = source["mime"];
	    }
	}
	export class IndexStatus {
	    workspaceId: string;
	    mode: string;
	    embeddingModel: string;
	    documents: number;
	    inChats: number;
	    pending: number;
	    failed: number;
	    refused: number;
	    chunks: number;
	    embedded: number;
	    reembedding: boolean;
	    unavailable: string;
	    embedError: string;
	
	    static createFrom(source: any = {}) {
	        return new IndexStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.workspaceId = source["workspaceId"];
	        this.mode = source["mode"];
	        this.embeddingModel = source["embeddingModel"];
	        this.documents = source["documents"];
	        this.inChats = source["inChats"];
	        this.pending = source["pending"];
	        this.failed = source["failed"];
	        this.refused = source["refused"];
	        this.chunks = source["chunks"];
	        this.embedded = source["embedded"];
	        this.reembedding = source["reembedding"];
	        this.unavailable = source["unavailable"];
	        this.embedError = source["embedError"];
	    }
	}
	export class SearchCheck {
	    workspaceId: string;
	    model: string;
	    questions: number;
	    keyword: number;
	    vector: number;
	    hybrid: number;
	    verdict: string;
	    message: string;
	    tookMs: number;
	
	    static createFrom(source: any = {}) {
	        return new SearchCheck(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.workspaceId = source["workspaceId"];
	        this.model = source["model"];
	        this.questions = source["questions"];
	        this.keyword = source["keyword"];
	        this.vector = source["vector"];
	        this.hybrid = source["hybrid"];
	        this.verdict = source["verdict"];
	        this.message = source["message"];
	        this.tookMs = source["tookMs"];
	    }
	}
	export class SearchRequest {
	    workspaceId: string;
	    chatId: string;
	    query: string;
	    limit: number;
	
	    static createFrom(source: any = {}) {
	        return new SearchRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.workspaceId = source["workspaceId"];
	        this.chatId = source["chatId"];
	        this.query = source["query"];
	        this.limit = source["limit"];
	    }
	}
	export class Source {
	    ordinal: number;
	    chunkId: number;
	    documentId: string;
	    documentName: string;
	    page: number;
	    text: string;
	    start: number;
	    end: number;
	    score: number;
	    bm25: number;
	    vector: number;
	    relevance: number;
	    chunkOrdinal: number;
	
	    static createFrom(source: any = {}) {
	        return new Source(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ordinal = source["ordinal"];
	        this.chunkId = source["chunkId"];
	        this.documentId = source["documentId"];
	        this.documentName = source["documentName"];
	        this.page = source["page"];
	        this.text = source["text"];
	        this.start = source["start"];
	        this.end = source["end"];
	        this.score = source["score"];
	        this.bm25 = source["bm25"];
	        this.vector = source["vector"];
	        this.relevance = source["relevance"];
	        this.chunkOrdinal = source["chunkOrdinal"];
	    }
	}
	export class SearchResult {
	    mode: string;
	    note: string;
	    hits: Source[];
	    tookMs: number;
	
	    static createFrom(source: any = {}) {
	        return new SearchResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.mode = source["mode"];
	        this.note = source["note"];
	        this.hits = this.convertValues(source["hits"], Source);
	        this.tookMs = source["tookMs"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace settings {
	
	export class Notice {
	    name: string;
	    text: string;
	
	    static createFrom(source: any = {}) {
	        return new Notice(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.text = source["text"];
	    }
	}
	export class AppSettings {
	    theme: string;
	    sidebarCollapsed: boolean;
	    dataDir: string;
	    databasePath: string;
	    logDir: string;
	    version: string;
	    schemaVersion: number;
	    deviceId: string;
	    displayName: string;
	    notices: Notice[];
	
	    static createFrom(source: any = {}) {
	        return new AppSettings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.theme = source["theme"];
	        this.sidebarCollapsed = source["sidebarCollapsed"];
	        this.dataDir = source["dataDir"];
	        this.databasePath = source["databasePath"];
	        this.logDir = source["logDir"];
	        this.version = source["version"];
	        this.schemaVersion = source["schemaVersion"];
	        this.deviceId = source["deviceId"];
	        this.displayName = source["displayName"];
	        this.notices = this.convertValues(source["notices"], Notice);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace store {
	
	export class Identity {
	    deviceId: string;
	    userId: string;
	    displayName: string;
	
	    static createFrom(source: any = {}) {
	        return new Identity(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.deviceId = source["deviceId"];
	        this.userId = source["userId"];
	        this.displayName = source["displayName"];
	    }
	}

}

export namespace sync {
	
	export class Account {
	    id: string;
	    email: string;
	    displayName: string;
	
	    static createFrom(source: any = {}) {
	        return new Account(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.email = source["email"];
	        this.displayName = source["displayName"];
	    }
	}
	export class AdminSession {
	    signedIn: boolean;
	    serverUrl: string;
	    account: Account;
	
	    static createFrom(source: any = {}) {
	        return new AdminSession(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.signedIn = source["signedIn"];
	        this.serverUrl = source["serverUrl"];
	        this.account = this.convertValues(source["account"], Account);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class AuditQuery {
	    before: string;
	    limit: number;
	    actor: string;
	    action: string;
	    workspace: string;
	    from: number;
	    to: number;
	
	    static createFrom(source: any = {}) {
	        return new AuditQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.before = source["before"];
	        this.limit = source["limit"];
	        this.actor = source["actor"];
	        this.action = source["action"];
	        this.workspace = source["workspace"];
	        this.from = source["from"];
	        this.to = source["to"];
	    }
	}
	export class Author {
	    id: string;
	    name: string;
	    me: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Author(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.me = source["me"];
	    }
	}
	export class ChatAuthor {
	    chatId: string;
	    authorId: string;
	    name: string;
	    mine: boolean;
	    shared: boolean;
	    readOnly: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ChatAuthor(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.chatId = source["chatId"];
	        this.authorId = source["authorId"];
	        this.name = source["name"];
	        this.mine = source["mine"];
	        this.shared = source["shared"];
	        this.readOnly = source["readOnly"];
	    }
	}
	export class Invitation {
	    id: string;
	    workspaceId: string;
	    workspaceName: string;
	    email: string;
	    role: string;
	    invitedBy: string;
	    createdAt: number;
	    expiresAt: number;
	
	    static createFrom(source: any = {}) {
	        return new Invitation(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.workspaceId = source["workspaceId"];
	        this.workspaceName = source["workspaceName"];
	        this.email = source["email"];
	        this.role = source["role"];
	        this.invitedBy = source["invitedBy"];
	        this.createdAt = source["createdAt"];
	        this.expiresAt = source["expiresAt"];
	    }
	}
	export class Member {
	    userId: string;
	    email: string;
	    displayName: string;
	    role: string;
	    joinedAt: number;
	    me: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Member(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.userId = source["userId"];
	        this.email = source["email"];
	        this.displayName = source["displayName"];
	        this.role = source["role"];
	        this.joinedAt = source["joinedAt"];
	        this.me = source["me"];
	    }
	}
	export class Members {
	    workspaceId: string;
	    members: Member[];
	    invitations: Invitation[];
	    canManage: boolean;
	    offline: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Members(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.workspaceId = source["workspaceId"];
	        this.members = this.convertValues(source["members"], Member);
	        this.invitations = this.convertValues(source["invitations"], Invitation);
	        this.canManage = source["canManage"];
	        this.offline = source["offline"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Rejection {
	    table: string;
	    rowId: string;
	    code: string;
	    reason: string;
	    at: number;
	
	    static createFrom(source: any = {}) {
	        return new Rejection(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.table = source["table"];
	        this.rowId = source["rowId"];
	        this.code = source["code"];
	        this.reason = source["reason"];
	        this.at = source["at"];
	    }
	}
	export class RemoteWorkspace {
	    id: string;
	    name: string;
	    role: string;
	    linked: boolean;
	
	    static createFrom(source: any = {}) {
	        return new RemoteWorkspace(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.role = source["role"];
	        this.linked = source["linked"];
	    }
	}
	export class SignInInput {
	    serverUrl: string;
	    email: string;
	    password: string;
	
	    static createFrom(source: any = {}) {
	        return new SignInInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.serverUrl = source["serverUrl"];
	        this.email = source["email"];
	        this.password = source["password"];
	    }
	}
	export class SignInResult {
	    session: string;
	    serverUrl: string;
	    account: Account;
	    invitations: Invitation[];
	    workspaces: RemoteWorkspace[];
	
	    static createFrom(source: any = {}) {
	        return new SignInResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.session = source["session"];
	        this.serverUrl = source["serverUrl"];
	        this.account = this.convertValues(source["account"], Account);
	        this.invitations = this.convertValues(source["invitations"], Invitation);
	        this.workspaces = this.convertValues(source["workspaces"], RemoteWorkspace);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Status {
	    workspaceId: string;
	    linked: boolean;
	    serverUrl: string;
	    email: string;
	    userId: string;
	    displayName: string;
	    role: string;
	    state: string;
	    pending: number;
	    lastSyncedAt: number;
	    error: string;
	    errorCode: string;
	    signedIn: boolean;
	    keychainAvailable: boolean;
	    rejections: Rejection[];
	
	    static createFrom(source: any = {}) {
	        return new Status(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.workspaceId = source["workspaceId"];
	        this.linked = source["linked"];
	        this.serverUrl = source["serverUrl"];
	        this.email = source["email"];
	        this.userId = source["userId"];
	        this.displayName = source["displayName"];
	        this.role = source["role"];
	        this.state = source["state"];
	        this.pending = source["pending"];
	        this.lastSyncedAt = source["lastSyncedAt"];
	        this.error = source["error"];
	        this.errorCode = source["errorCode"];
	        this.signedIn = source["signedIn"];
	        this.keychainAvailable = source["keychainAvailable"];
	        this.rejections = this.convertValues(source["rejections"], Rejection);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class UsageQuery {
	    from: number;
	    to: number;
	    tz: string;
	    workspace: string;
	
	    static createFrom(source: any = {}) {
	        return new UsageQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.from = source["from"];
	        this.to = source["to"];
	        this.tz = source["tz"];
	        this.workspace = source["workspace"];
	    }
	}

}

export namespace syncproto {
	
	export class AdminWorkspace {
	    id: string;
	    name: string;
	    members: number;
	    usageBytes: number;
	    quotaBytes: number;
	    ownQuota: boolean;
	    files: number;
	    createdAt: number;
	    createdBy: string;
	
	    static createFrom(source: any = {}) {
	        return new AdminWorkspace(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.members = source["members"];
	        this.usageBytes = source["usageBytes"];
	        this.quotaBytes = source["quotaBytes"];
	        this.ownQuota = source["ownQuota"];
	        this.files = source["files"];
	        this.createdAt = source["createdAt"];
	        this.createdBy = source["createdBy"];
	    }
	}
	export class AuditEntry {
	    id: string;
	    at: number;
	    actorId?: string;
	    action: string;
	    workspaceId?: string;
	    targetId?: string;
	    address?: string;
	    detail?: Record<string, string>;
	
	    static createFrom(source: any = {}) {
	        return new AuditEntry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.at = source["at"];
	        this.actorId = source["actorId"];
	        this.action = source["action"];
	        this.workspaceId = source["workspaceId"];
	        this.targetId = source["targetId"];
	        this.address = source["address"];
	        this.detail = source["detail"];
	    }
	}
	export class AuditPage {
	    entries: AuditEntry[];
	    next?: string;
	
	    static createFrom(source: any = {}) {
	        return new AuditPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.entries = this.convertValues(source["entries"], AuditEntry);
	        this.next = source["next"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class CreateUserRequest {
	    email: string;
	    displayName: string;
	    role: string;
	    password?: string;
	
	    static createFrom(source: any = {}) {
	        return new CreateUserRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.email = source["email"];
	        this.displayName = source["displayName"];
	        this.role = source["role"];
	        this.password = source["password"];
	    }
	}
	export class User {
	    id: string;
	    email: string;
	    displayName: string;
	    role: string;
	    disabled: boolean;
	    createdAt: number;
	
	    static createFrom(source: any = {}) {
	        return new User(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.email = source["email"];
	        this.displayName = source["displayName"];
	        this.role = source["role"];
	        this.disabled = source["disabled"];
	        this.createdAt = source["createdAt"];
	    }
	}
	export class CreateUserResponse {
	    user: User;
	    password?: string;
	
	    static createFrom(source: any = {}) {
	        return new CreateUserResponse(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.user = this.convertValues(source["user"], User);
	        this.password = source["password"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Invitation {
	    id: string;
	    workspaceId: string;
	    workspaceName: string;
	    email: string;
	    role: string;
	    invitedBy: string;
	    createdAt: number;
	    expiresAt: number;
	
	    static createFrom(source: any = {}) {
	        return new Invitation(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.workspaceId = source["workspaceId"];
	        this.workspaceName = source["workspaceName"];
	        this.email = source["email"];
	        this.role = source["role"];
	        this.invitedBy = source["invitedBy"];
	        this.createdAt = source["createdAt"];
	        this.expiresAt = source["expiresAt"];
	    }
	}
	export class Member {
	    userId: string;
	    email: string;
	    displayName: string;
	    role: string;
	    joinedAt: number;
	
	    static createFrom(source: any = {}) {
	        return new Member(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.userId = source["userId"];
	        this.email = source["email"];
	        this.displayName = source["displayName"];
	        this.role = source["role"];
	        this.joinedAt = source["joinedAt"];
	    }
	}
	export class MembersResponse {
	    members: Member[];
	    invitations?: Invitation[];
	
	    static createFrom(source: any = {}) {
	        return new MembersResponse(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.members = this.convertValues(source["members"], Member);
	        this.invitations = this.convertValues(source["invitations"], Invitation);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ResetPasswordResponse {
	    password?: string;
	
	    static createFrom(source: any = {}) {
	        return new ResetPasswordResponse(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.password = source["password"];
	    }
	}
	export class ServerSettings {
	    defaultQuotaBytes: number;
	    maxFileBytes: number;
	    invitationDays: number;
	    loginPerAccount: number;
	
	    static createFrom(source: any = {}) {
	        return new ServerSettings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.defaultQuotaBytes = source["defaultQuotaBytes"];
	        this.maxFileBytes = source["maxFileBytes"];
	        this.invitationDays = source["invitationDays"];
	        this.loginPerAccount = source["loginPerAccount"];
	    }
	}
	export class ServerSettingsPatch {
	    defaultQuotaBytes?: number;
	    maxFileBytes?: number;
	    invitationDays?: number;
	    loginPerAccount?: number;
	
	    static createFrom(source: any = {}) {
	        return new ServerSettingsPatch(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.defaultQuotaBytes = source["defaultQuotaBytes"];
	        this.maxFileBytes = source["maxFileBytes"];
	        this.invitationDays = source["invitationDays"];
	        this.loginPerAccount = source["loginPerAccount"];
	    }
	}
	export class UpdateUserRequest {
	    displayName?: string;
	    role?: string;
	    disabled?: boolean;
	
	    static createFrom(source: any = {}) {
	        return new UpdateUserRequest(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.displayName = source["displayName"];
	        this.role = source["role"];
	        this.disabled = source["disabled"];
	    }
	}
	export class UsageRow {
	    day: string;
	    userId: string;
	    email: string;
	    displayName: string;
	    workspaceId: string;
	    model: string;
	    calls: number;
	    inputTokens: number;
	    outputTokens: number;
	    cachedTokens: number;
	    costMicros: number;
	
	    static createFrom(source: any = {}) {
	        return new UsageRow(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.day = source["day"];
	        this.userId = source["userId"];
	        this.email = source["email"];
	        this.displayName = source["displayName"];
	        this.workspaceId = source["workspaceId"];
	        this.model = source["model"];
	        this.calls = source["calls"];
	        this.inputTokens = source["inputTokens"];
	        this.outputTokens = source["outputTokens"];
	        this.cachedTokens = source["cachedTokens"];
	        this.costMicros = source["costMicros"];
	    }
	}
	export class UsageReport {
	    from: number;
	    to: number;
	    tz: string;
	    rows: UsageRow[];
	
	    static createFrom(source: any = {}) {
	        return new UsageReport(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.from = source["from"];
	        this.to = source["to"];
	        this.tz = source["tz"];
	        this.rows = this.convertValues(source["rows"], UsageRow);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	

}

export namespace tools {
	
	export class Action {
	    server: string;
	    tool: string;
	    title: string;
	    description: string;
	
	    static createFrom(source: any = {}) {
	        return new Action(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.server = source["server"];
	        this.tool = source["tool"];
	        this.title = source["title"];
	        this.description = source["description"];
	    }
	}
	export class ActionInput {
	    workspaceId: string;
	    chatId: string;
	    messageId: string;
	    role: string;
	    text: string;
	    server: string;
	    tool: string;
	
	    static createFrom(source: any = {}) {
	        return new ActionInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.workspaceId = source["workspaceId"];
	        this.chatId = source["chatId"];
	        this.messageId = source["messageId"];
	        this.role = source["role"];
	        this.text = source["text"];
	        this.server = source["server"];
	        this.tool = source["tool"];
	    }
	}
	export class ActionResult {
	    text: string;
	    isError: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ActionResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.text = source["text"];
	        this.isError = source["isError"];
	    }
	}
	export class Approval {
	    workspaceId: string;
	    serverId: string;
	    server: string;
	    tool: string;
	    createdAt: number;
	
	    static createFrom(source: any = {}) {
	        return new Approval(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.workspaceId = source["workspaceId"];
	        this.serverId = source["serverId"];
	        this.server = source["server"];
	        this.tool = source["tool"];
	        this.createdAt = source["createdAt"];
	    }
	}
	export class CallEntry {
	    id: string;
	    workspaceId: string;
	    chatId: string;
	    messageId: string;
	    userId: string;
	    server: string;
	    tool: string;
	    kind: string;
	    arguments: string;
	    decision: string;
	    outcome: string;
	    detail: string;
	    durationMs: number;
	    createdAt: number;
	
	    static createFrom(source: any = {}) {
	        return new CallEntry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.workspaceId = source["workspaceId"];
	        this.chatId = source["chatId"];
	        this.messageId = source["messageId"];
	        this.userId = source["userId"];
	        this.server = source["server"];
	        this.tool = source["tool"];
	        this.kind = source["kind"];
	        this.arguments = source["arguments"];
	        this.decision = source["decision"];
	        this.outcome = source["outcome"];
	        this.detail = source["detail"];
	        this.durationMs = source["durationMs"];
	        this.createdAt = source["createdAt"];
	    }
	}
	export class CallPage {
	    entries: CallEntry[];
	    next: string;
	
	    static createFrom(source: any = {}) {
	        return new CallPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.entries = this.convertValues(source["entries"], CallEntry);
	        this.next = source["next"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ImportReport {
	    added: string[];
	    skipped: string[];
	    updated: string[];
	    revokedApprovals: number;
	
	    static createFrom(source: any = {}) {
	        return new ImportReport(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.added = source["added"];
	        this.skipped = source["skipped"];
	        this.updated = source["updated"];
	        this.revokedApprovals = source["revokedApprovals"];
	    }
	}
	export class Policy {
	    workspaceId: string;
	    autoReadOnly: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Policy(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.workspaceId = source["workspaceId"];
	        this.autoReadOnly = source["autoReadOnly"];
	    }
	}
	export class ServerStatus {
	    name: string;
	    state: string;
	    tools: number;
	    error: string;
	    stderr: string[];
	    since: number;
	    nextRetry: number;
	    warnings: string[];
	
	    static createFrom(source: any = {}) {
	        return new ServerStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.state = source["state"];
	        this.tools = source["tools"];
	        this.error = source["error"];
	        this.stderr = source["stderr"];
	        this.since = source["since"];
	        this.nextRetry = source["nextRetry"];
	        this.warnings = source["warnings"];
	    }
	}
	export class Server {
	    id: string;
	    name: string;
	    transport: string;
	    command: string;
	    args: string[];
	    dir: string;
	    url: string;
	    envNames: string[];
	    headerNames: string[];
	    initTimeoutMs: number;
	    callTimeoutMs: number;
	    enabled: boolean;
	    modelPrefix: string;
	    status: ServerStatus;
	    createdAt: number;
	    updatedAt: number;
	
	    static createFrom(source: any = {}) {
	        return new Server(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.transport = source["transport"];
	        this.command = source["command"];
	        this.args = source["args"];
	        this.dir = source["dir"];
	        this.url = source["url"];
	        this.envNames = source["envNames"];
	        this.headerNames = source["headerNames"];
	        this.initTimeoutMs = source["initTimeoutMs"];
	        this.callTimeoutMs = source["callTimeoutMs"];
	        this.enabled = source["enabled"];
	        this.modelPrefix = source["modelPrefix"];
	        this.status = this.convertValues(source["status"], ServerStatus);
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ServerInput {
	    name: string;
	    transport: string;
	    command: string;
	    args: string[];
	    dir: string;
	    url: string;
	    env: Record<string, string>;
	    headers: Record<string, string>;
	    initTimeoutMs: number;
	    callTimeoutMs: number;
	    enabled: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ServerInput(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.transport = source["transport"];
	        this.command = source["command"];
	        this.args = source["args"];
	        this.dir = source["dir"];
	        this.url = source["url"];
	        this.env = source["env"];
	        this.headers = source["headers"];
	        this.initTimeoutMs = source["initTimeoutMs"];
	        this.callTimeoutMs = source["callTimeoutMs"];
	        this.enabled = source["enabled"];
	    }
	}
	
	export class ServerUpdate {
	    server: Server;
	    revokedApprovals: number;
	    changed: string;
	
	    static createFrom(source: any = {}) {
	        return new ServerUpdate(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.server = this.convertValues(source["server"], Server);
	        this.revokedApprovals = source["revokedApprovals"];
	        this.changed = source["changed"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Tool {
	    server: string;
	    name: string;
	    title: string;
	    description: string;
	    inputSchema: number[];
	    readOnly: boolean;
	    destructive: boolean;
	    idempotent: boolean;
	    openWorld: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Tool(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.server = source["server"];
	        this.name = source["name"];
	        this.title = source["title"];
	        this.description = source["description"];
	        this.inputSchema = source["inputSchema"];
	        this.readOnly = source["readOnly"];
	        this.destructive = source["destructive"];
	        this.idempotent = source["idempotent"];
	        this.openWorld = source["openWorld"];
	    }
	}
	export class WorkspaceServer {
	    serverId: string;
	    name: string;
	    enabled: boolean;
	    tools: boolean;
	    plugin: boolean;
	    required: boolean;
	
	    static createFrom(source: any = {}) {
	        return new WorkspaceServer(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.serverId = source["serverId"];
	        this.name = source["name"];
	        this.enabled = source["enabled"];
	        this.tools = source["tools"];
	        this.plugin = source["plugin"];
	        this.required = source["required"];
	    }
	}

}

export namespace update {
	
	export class Applied {
	    applied: boolean;
	    version: string;
	    packageUrl: string;
	    restartNeeded: boolean;
	    message: string;
	
	    static createFrom(source: any = {}) {
	        return new Applied(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.applied = source["applied"];
	        this.version = source["version"];
	        this.packageUrl = source["packageUrl"];
	        this.restartNeeded = source["restartNeeded"];
	        this.message = source["message"];
	    }
	}
	export class Check {
	    enabled: boolean;
	    current: string;
	    channel: string;
	    available: boolean;
	    version: string;
	    notes: string;
	    releasedAt: string;
	    kind: string;
	    size: number;
	    packageManaged: boolean;
	    packageUrl: string;
	    message: string;
	    checkedAt: number;
	
	    static createFrom(source: any = {}) {
	        return new Check(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.enabled = source["enabled"];
	        this.current = source["current"];
	        this.channel = source["channel"];
	        this.available = source["available"];
	        this.version = source["version"];
	        this.notes = source["notes"];
	        this.releasedAt = source["releasedAt"];
	        this.kind = source["kind"];
	        this.size = source["size"];
	        this.packageManaged = source["packageManaged"];
	        this.packageUrl = source["packageUrl"];
	        this.message = source["message"];
	        this.checkedAt = source["checkedAt"];
	    }
	}
	export class Settings {
	    channel: string;
	    url: string;
	    publicKey: string;
	
	    static createFrom(source: any = {}) {
	        return new Settings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.channel = source["channel"];
	        this.url = source["url"];
	        this.publicKey = source["publicKey"];
	    }
	}

}

export namespace usage {
	
	export class Budget {
	    workspaceId: string;
	    softMicros: number;
	    hardMicros: number;
	
	    static createFrom(source: any = {}) {
	        return new Budget(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.workspaceId = source["workspaceId"];
	        this.softMicros = source["softMicros"];
	        this.hardMicros = source["hardMicros"];
	    }
	}
	export class BudgetState {
	    workspaceId: string;
	    softMicros: number;
	    hardMicros: number;
	    spentMicros: number;
	    softReached: boolean;
	    hardReached: boolean;
	
	    static createFrom(source: any = {}) {
	        return new BudgetState(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.workspaceId = source["workspaceId"];
	        this.softMicros = source["softMicros"];
	        this.hardMicros = source["hardMicros"];
	        this.spentMicros = source["spentMicros"];
	        this.softReached = source["softReached"];
	        this.hardReached = source["hardReached"];
	    }
	}
	export class BudgetStatus {
	    month: string;
	    workspace: BudgetState;
	    app: BudgetState;
	
	    static createFrom(source: any = {}) {
	        return new BudgetStatus(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.month = source["month"];
	        this.workspace = this.convertValues(source["workspace"], BudgetState);
	        this.app = this.convertValues(source["app"], BudgetState);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Recorded {
	    id: string;
	    at: number;
	    workspaceId: string;
	    modelRef: string;
	    provider: string;
	    local: boolean;
	    source: string;
	    inputTokens: number;
	    outputTokens: number;
	    cachedTokens: number;
	    estimated: boolean;
	    durationMs: number;
	    priced: boolean;
	    priceInput: number;
	    priceOutput: number;
	    priceCached: number;
	    costMicros: number;
	    sent: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Recorded(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.at = source["at"];
	        this.workspaceId = source["workspaceId"];
	        this.modelRef = source["modelRef"];
	        this.provider = source["provider"];
	        this.local = source["local"];
	        this.source = source["source"];
	        this.inputTokens = source["inputTokens"];
	        this.outputTokens = source["outputTokens"];
	        this.cachedTokens = source["cachedTokens"];
	        this.estimated = source["estimated"];
	        this.durationMs = source["durationMs"];
	        this.priced = source["priced"];
	        this.priceInput = source["priceInput"];
	        this.priceOutput = source["priceOutput"];
	        this.priceCached = source["priceCached"];
	        this.costMicros = source["costMicros"];
	        this.sent = source["sent"];
	    }
	}
	export class CallPage {
	    calls: Recorded[];
	    next: string;
	
	    static createFrom(source: any = {}) {
	        return new CallPage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.calls = this.convertValues(source["calls"], Recorded);
	        this.next = source["next"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class CallQuery {
	    from: string;
	    to: string;
	    tz: string;
	    workspaceId: string;
	    model: string;
	    cursor: string;
	    limit: number;
	
	    static createFrom(source: any = {}) {
	        return new CallQuery(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.from = source["from"];
	        this.to = source["to"];
	        this.tz = source["tz"];
	        this.workspaceId = source["workspaceId"];
	        this.model = source["model"];
	        this.cursor = source["cursor"];
	        this.limit = source["limit"];
	    }
	}
	export class DayCell {
	    day: number;
	    key: string;
	    calls: number;
	    inputTokens: number;
	    outputTokens: number;
	    cachedTokens: number;
	    costMicros: number;
	    unpricedCalls: number;
	
	    static createFrom(source: any = {}) {
	        return new DayCell(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.day = source["day"];
	        this.key = source["key"];
	        this.calls = source["calls"];
	        this.inputTokens = source["inputTokens"];
	        this.outputTokens = source["outputTokens"];
	        this.cachedTokens = source["cachedTokens"];
	        this.costMicros = source["costMicros"];
	        this.unpricedCalls = source["unpricedCalls"];
	    }
	}
	export class Keyed {
	    key: string;
	    name: string;
	    calls: number;
	    inputTokens: number;
	    outputTokens: number;
	    cachedTokens: number;
	    costMicros: number;
	    unpricedCalls: number;
	
	    static createFrom(source: any = {}) {
	        return new Keyed(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.key = source["key"];
	        this.name = source["name"];
	        this.calls = source["calls"];
	        this.inputTokens = source["inputTokens"];
	        this.outputTokens = source["outputTokens"];
	        this.cachedTokens = source["cachedTokens"];
	        this.costMicros = source["costMicros"];
	        this.unpricedCalls = source["unpricedCalls"];
	    }
	}
	export class Price {
	    id: string;
	    model: string;
	    inputMicros: number;
	    outputMicros: number;
	    cachedMicros: number;
	    effectiveFrom: string;
	    preset: boolean;
	    note: string;
	
	    static createFrom(source: any = {}) {
	        return new Price(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.model = source["model"];
	        this.inputMicros = source["inputMicros"];
	        this.outputMicros = source["outputMicros"];
	        this.cachedMicros = source["cachedMicros"];
	        this.effectiveFrom = source["effectiveFrom"];
	        this.preset = source["preset"];
	        this.note = source["note"];
	    }
	}
	export class Range {
	    from: string;
	    to: string;
	    tz: string;
	    workspaceId: string;
	    model: string;
	
	    static createFrom(source: any = {}) {
	        return new Range(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.from = source["from"];
	        this.to = source["to"];
	        this.tz = source["tz"];
	        this.workspaceId = source["workspaceId"];
	        this.model = source["model"];
	    }
	}
	
	export class Totals {
	    calls: number;
	    inputTokens: number;
	    outputTokens: number;
	    cachedTokens: number;
	    costMicros: number;
	    unpricedCalls: number;
	
	    static createFrom(source: any = {}) {
	        return new Totals(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.calls = source["calls"];
	        this.inputTokens = source["inputTokens"];
	        this.outputTokens = source["outputTokens"];
	        this.cachedTokens = source["cachedTokens"];
	        this.costMicros = source["costMicros"];
	        this.unpricedCalls = source["unpricedCalls"];
	    }
	}
	export class Summary {
	    range: Range;
	    days: string[];
	    total: Totals;
	    byModel: Keyed[];
	    byWorkspace: Keyed[];
	    byDayModel: DayCell[];
	    byDayWorkspace: DayCell[];
	
	    static createFrom(source: any = {}) {
	        return new Summary(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.range = this.convertValues(source["range"], Range);
	        this.days = source["days"];
	        this.total = this.convertValues(source["total"], Totals);
	        this.byModel = this.convertValues(source["byModel"], Keyed);
	        this.byWorkspace = this.convertValues(source["byWorkspace"], Keyed);
	        this.byDayModel = this.convertValues(source["byDayModel"], DayCell);
	        this.byDayWorkspace = this.convertValues(source["byDayWorkspace"], DayCell);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace workspace {
	
	export class DayUsage {
	    day: number;
	    tokens: number;
	
	    static createFrom(source: any = {}) {
	        return new DayUsage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.day = source["day"];
	        this.tokens = source["tokens"];
	    }
	}
	export class Input {
	    name: string;
	    icon: string;
	    color: string;
	
	    static createFrom(source: any = {}) {
	        return new Input(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.name = source["name"];
	        this.icon = source["icon"];
	        this.color = source["color"];
	    }
	}
	export class ModelUsage {
	    modelRef: string;
	    input: number;
	    output: number;
	    answers: number;
	    apiRequests: number;
	
	    static createFrom(source: any = {}) {
	        return new ModelUsage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.modelRef = source["modelRef"];
	        this.input = source["input"];
	        this.output = source["output"];
	        this.answers = source["answers"];
	        this.apiRequests = source["apiRequests"];
	    }
	}
	export class Overview {
	    workspaceId: string;
	    chats: number;
	    messages: number;
	    documents: number;
	    chunks: number;
	    storageBytes: number;
	    since: number;
	    usage: ModelUsage[];
	    daily: DayUsage[];
	
	    static createFrom(source: any = {}) {
	        return new Overview(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.workspaceId = source["workspaceId"];
	        this.chats = source["chats"];
	        this.messages = source["messages"];
	        this.documents = source["documents"];
	        this.chunks = source["chunks"];
	        this.storageBytes = source["storageBytes"];
	        this.since = source["since"];
	        this.usage = this.convertValues(source["usage"], ModelUsage);
	        this.daily = this.convertValues(source["daily"], DayUsage);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Settings {
	    workspaceId: string;
	    systemPrompt: string;
	    defaultModelRef: string;
	    defaultProfileId: string;
	    embeddingModelRef: string;
	    chunkSize: number;
	    chunkOverlap: number;
	    topK: number;
	    minScore: number;
	    useDocuments: boolean;
	    rerankSources: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Settings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.workspaceId = source["workspaceId"];
	        this.systemPrompt = source["systemPrompt"];
	        this.defaultModelRef = source["defaultModelRef"];
	        this.defaultProfileId = source["defaultProfileId"];
	        this.embeddingModelRef = source["embeddingModelRef"];
	        this.chunkSize = source["chunkSize"];
	        this.chunkOverlap = source["chunkOverlap"];
	        this.topK = source["topK"];
	        this.minScore = source["minScore"];
	        this.useDocuments = source["useDocuments"];
	        this.rerankSources = source["rerankSources"];
	    }
	}
	export class SettingsChange {
	    settings: Settings;
	    reembedding: boolean;
	    reindexSuggested: boolean;
	    documents: number;
	
	    static createFrom(source: any = {}) {
	        return new SettingsChange(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.settings = this.convertValues(source["settings"], Settings);
	        this.reembedding = source["reembedding"];
	        this.reindexSuggested = source["reindexSuggested"];
	        this.documents = source["documents"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Workspace {
	    id: string;
	    name: string;
	    icon: string;
	    color: string;
	    isDefault: boolean;
	    archivedAt: number;
	    createdAt: number;
	    updatedAt: number;
	
	    static createFrom(source: any = {}) {
	        return new Workspace(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.name = source["name"];
	        this.icon = source["icon"];
	        this.color = source["color"];
	        this.isDefault = source["isDefault"];
	        this.archivedAt = source["archivedAt"];
	        this.createdAt = source["createdAt"];
	        this.updatedAt = source["updatedAt"];
	    }
	}

}

