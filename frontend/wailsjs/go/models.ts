export namespace main {
	
	export class Bootstrap {
	    state: string;
	    message: string;
	    dataDir: string;
	    databasePath: string;
	    version: string;
	    theme: string;
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

export namespace settings {
	
	export class AppSettings {
	    theme: string;
	    dataDir: string;
	    databasePath: string;
	    logDir: string;
	    version: string;
	    schemaVersion: number;
	    deviceId: string;
	    displayName: string;
	
	    static createFrom(source: any = {}) {
	        return new AppSettings(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.theme = source["theme"];
	        this.dataDir = source["dataDir"];
	        this.databasePath = source["databasePath"];
	        this.logDir = source["logDir"];
	        this.version = source["version"];
	        this.schemaVersion = source["schemaVersion"];
	        this.deviceId = source["deviceId"];
	        this.displayName = source["displayName"];
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

export namespace workspace {
	
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

