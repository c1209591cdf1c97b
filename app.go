package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	"github.com/wailsapp/wails/v2/pkg/runtime"

	"bookbag/backend/archive"
	"bookbag/backend/backup"
	"bookbag/backend/blob"
	"bookbag/backend/chat"
	"bookbag/backend/events"
	"bookbag/backend/localapi"
	"bookbag/backend/logging"
	"bookbag/backend/models"
	"bookbag/backend/rag"
	"bookbag/backend/rag/extract"
	"bookbag/backend/rag/related"
	"bookbag/backend/secrets"
	"bookbag/backend/settings"
	"bookbag/backend/store"
	syncsvc "bookbag/backend/sync"
	"bookbag/backend/tools"
	"bookbag/backend/tools/mcp"
	"bookbag/backend/update"
	"bookbag/backend/usage"
	"bookbag/backend/workspace"
)

// App owns the data dir, the store and every service: it builds and
// connects them (the one place where domains meet), runs their lifecycle
// with Wails', and lists what the webview may call. Bound methods of its
// own are in bootstrap.go, window.go and smoke.go; the adapters between
// domains in wiring.go.
type App struct {
	flags   Flags
	dataDir string
	log     *slog.Logger
	logFile io.Closer
	dirLock io.Closer // held while running: a second launch must not swap a restore in under us

	db      *store.DB
	blobs   *blob.Store // the stored files; swept at start (files.go)
	openErr error       // why the database could not be opened (recovery screen)

	ctx    context.Context // the Wails context, set at startup
	cancel context.CancelFunc
	events *emitter

	settings   *settings.Store
	workspaces *workspace.Service
	models     *models.Service
	chats      *chat.Service
	documents  *rag.Service
	archives   *archive.Service
	syncer     *syncsvc.Service
	admin      *syncsvc.Admin // the office-admin session (in memory)
	tools      *tools.Service
	mcp        *mcp.Manager // the tool servers' processes and connections
	localAPI   *localapi.Service
	usage      *usage.Service
	backups    *backup.Service
	updater    *update.Service

	api      boundAPIs
	stopOnce sync.Once

	smokeOnce   sync.Once
	smokePassed atomic.Bool
}

// NewApp opens the data dir and builds the services. A database that cannot
// be opened is not fatal: the UI shows why and offers a way out.
func NewApp(flags Flags) *App { return newApp(flags, applyPendingRestore) }

// newApp is NewApp with the restore swap to run first (tests make it fail).
func newApp(flags Flags, applyRestore func(dataDir string) (backup.Swap, error)) *App {
	a := &App{flags: flags, events: &emitter{}}
	a.ctx, a.cancel = context.WithCancel(context.Background())
	a.dataDir = flags.DataDir
	if a.dataDir == "" {
		a.dataDir = store.DataDir(os.Getenv)
	}
	if abs, err := filepath.Abs(a.dataDir); err == nil {
		a.dataDir = abs
	}
	// A restore staged by the last run is swapped in before anything opens
	// a file in the data dir (the log included).
	swap, swapErr := applyRestore(a.dataDir)
	// A swap that could neither finish nor put the data back leaves no data
	// dir: nothing may create a fresh, empty one (the log, the lock, the
	// database), or the user would meet an empty app; the recovery screen
	// says where both folders are and the next start tries again.
	var noData *backup.IncompleteSwapError
	noDataDir := errors.As(swapErr, &noData)
	log, closer := slog.New(slog.NewTextHandler(os.Stderr, nil)), io.Closer(io.NopCloser(nil))
	if !noDataDir {
		if l, c, err := logging.New(a.dataDir, logging.Options{Stderr: flags.Smoke, Level: logLevel()}); err == nil {
			log, closer = l, c
		}
	}
	a.log, a.logFile = log, closer
	a.log.Info("starting", "version", version, "dataDir", a.dataDir, "smoke", flags.Smoke)
	a.logSwap(swap, swapErr)
	if noDataDir {
		a.openErr = noData
	} else {
		a.dirLock, _ = backup.HoldDataDir(a.dataDir) // a second instance fails here and is then sent to the first
		a.db, a.openErr = store.Open(a.ctx, a.dataDir, store.Options{})
	}
	if a.openErr != nil {
		a.log.Error("open database", "err", a.openErr)
	} else if err := a.buildServices(); err != nil {
		a.openErr = err
		a.log.Error("start services", "err", err)
	}
	if a.backups == nil {
		a.backups = a.newBackups(nil) // restore-only: the database did not open
	}
	a.updater = a.newUpdater()
	dialogs := wailsDialogs{a.context}
	// Bound even without a database: the recovery screen needs settings.
	a.api = boundAPIs{
		settings: settings.NewAPI(a.context, a.db, a.settings,
			settings.Info{DataDir: a.dataDir, LogDir: logging.Dir(a.dataDir), Version: version,
				Notices: []settings.Notice{{Name: "Princeton WordNet 3.1 (related words in keyword search)", Text: related.License()}}}, settings.OSOpener),
		workspaces: workspace.NewAPI(a.context, a.workspaces),
		models:     models.NewAPI(a.context, a.models),
		chat:       chat.NewAPI(a.context, a.chats, dialogs),
		documents:  rag.NewAPI(a.context, a.documents, openStoredFile, dialogs),
		archive:    archive.NewAPI(a.context, a.archives, dialogs),
		sync:       syncsvc.NewAPI(a.context, a.syncer),
		office:     syncsvc.NewAdminAPI(a.context, a.admin, dialogs),
		tools:      tools.NewAPI(a.context, a.tools, dialogs),
		localAPI:   localapi.NewAPI(a.context, a.localAPI),
		usage:      usage.NewAPI(a.context, a.usage, dialogs),
		backup:     backup.NewAPI(a.context, a.backups, dialogs),
		update:     update.NewAPI(a.context, a.updater),
	}
	if flags.Smoke {
		go a.smokeWatchdog(30 * time.Second)
	}
	a.log.Debug("services built", "since_start_ms", time.Since(processStart).Milliseconds())
	return a
}

// buildServices creates every domain service on the open store and connects
// them through the adapters in wiring.go.
func (a *App) buildServices() error {
	blobs, err := blob.New(a.dataDir, blob.Options{})
	if err != nil {
		return err
	}
	a.blobs = blobs
	keychain := secrets.NewKeyring(secrets.KeyringOptions{})
	logger := func(domain string) *slog.Logger { return a.log.With("domain", domain) }
	a.settings = settings.NewStore(a.db)
	a.models = models.NewService(models.Deps{DB: a.db, Keys: keyStore{keychain}, Factory: providerFactory,
		Events: a.events, Getenv: os.Getenv, Log: logger("models"), OnDefaults: a.defaultsChanged})
	// Tool servers start on first use; a change of their status reaches
	// Settings as a change of the servers' table.
	a.mcp = mcp.NewManager(mcp.Options{Logger: logger("tools"), Env: serverEnv(a.models.KeyEnvs, os.Environ, logger("tools")),
		OnStatus: func(tools.ServerStatus) {
			a.events.Emit(events.DataChanged, events.DataChangedPayload{Tables: []string{"mcp_servers"}})
		}})
	a.tools = tools.NewService(tools.Deps{DB: a.db, Runtime: mcpRuntime{a.mcp, logger("tools")}, Keys: keyStore{keychain},
		Events: a.events, Log: logger("tools"), UserID: localUser()})
	a.usage = usage.NewService(usage.Deps{DB: a.db, Workspaces: usageWorkspaces{a}, Log: logger("usage")})
	if err := a.usage.Start(a.ctx); err != nil {
		a.log.Warn("write preset prices", "err", err)
	}
	gate := usageGate{a.usage, logger("usage")}
	// The services are built first and connected after: several need each
	// other (chats ask workspaces, documents ask chats, and back).
	a.chats = chat.NewService(chat.Deps{DB: a.db, Blobs: blobs, Events: a.events, Log: logger("chat"), Usage: chatUsage{gate},
		Resolver: chatResolver{models: a.models, workspaces: workspaceLookup{a}}, Retriever: retriever{a},
		Workspaces: workspaceLookup{a}, Documents: chatDocuments{a}, Tools: chatTools{a.tools}})
	inUse := filesInUse{a}.InUse
	a.documents = rag.NewService(rag.Deps{DB: a.db, Blobs: blobs, Extractor: extract.New(extract.Options{}),
		Emitter: a.events, Embedders: embedders{a.models}, Logger: logger("documents"), Shared: a.workspaceShared,
		Settings: retrievalSettings{a}, Workspaces: workspaceLookup{a}, Chats: a.chats, FilesInUse: inUse, Usage: ragUsage{gate}})
	a.workspaces = workspace.NewService(workspace.Deps{DB: a.db, Blobs: blobs, Index: workspaceIndex{a.documents},
		LastUsed: a.settings, Events: a.events, Log: logger("workspaces"), DefaultEmbedding: a.defaultEmbedding,
		SharedRole: a.sharedRole, Shared: a.everShared, FilesInUse: inUse, Profiles: a.models, Answers: a.chats,
		Contents: workspaceContents{chats: a.chats, docs: a.documents, api: func() *localapi.Service { return a.localAPI }},
		Parts: []workspace.Part{a.documents.WorkspaceRows(a.chats.ChatIDs), a.chats.WorkspaceRows(), a.models.WorkspaceRows(),
			a.tools.WorkspaceRows(), store.WorkspaceLog{}}})
	a.archives = archive.NewService(archive.Deps{DB: a.db, Blobs: blobs, AppVersion: version, Models: a.models,
		Chunks: archiveChunks{a.documents}, AfterImport: a.documents.ForgetWorkspace, FilesInUse: inUse, Events: a.events, Log: logger("archive")})
	a.syncer = syncsvc.NewService(syncsvc.Deps{DB: a.db, Blobs: blobs, Secrets: keychain, Events: a.events,
		Documents: syncDocuments{a.documents}, Chats: a.chats, Workspaces: a.workspaces, FilesInUse: inUse,
		Usage: syncUsage{a.usage}, Log: logger("sync")})
	a.admin = syncsvc.NewAdmin(a.syncer)
	a.localAPI = localapi.NewService(localapi.Deps{DB: a.db, Models: localModels{a.models}, Workspaces: localWorkspaces{a},
		Usage: localUsage{gate}, Log: logger("localapi")})
	a.backups = a.newBackups(keychain)
	if n, err := a.chats.RecoverInterrupted(a.ctx); err != nil {
		a.log.Warn("recover interrupted answers", "err", err)
	} else if n > 0 {
		a.log.Info("marked answers interrupted by the last exit", "count", n)
	}
	return nil
}

func (a *App) context() context.Context { return a.ctx }

// boundAPIs are the services the webview calls, besides the App itself.
type boundAPIs struct {
	settings   *settings.API
	workspaces *workspace.API
	models     *models.API
	chat       *chat.API
	documents  *rag.API
	archive    *archive.API
	sync       *syncsvc.API
	office     *syncsvc.AdminAPI
	tools      *tools.API
	localAPI   *localapi.API
	usage      *usage.API
	backup     *backup.API
	update     *update.API
}

// options are the Wails options for this app.
func (a *App) options(assets fs.FS) *options.App {
	b := a.api
	width, height, state := 1200, 800, options.Normal
	if a.settings != nil {
		if w, ok, _ := a.settings.Window(a.ctx); ok {
			width, height = w.Width, w.Height
			if w.Maximised && !a.flags.Smoke {
				state = options.Maximised
			}
		}
	}
	return &options.App{
		Title:            "BookBag",
		Width:            width,
		Height:           height,
		MinWidth:         760,
		MinHeight:        520,
		WindowStartState: state,
		AssetServer:      &assetserver.Options{Assets: assets},
		BackgroundColour: &options.RGBA{R: 250, G: 250, B: 250, A: 255},
		OnStartup:        a.startup,
		OnDomReady:       a.domReady,
		OnBeforeClose:    a.beforeClose,
		OnShutdown:       func(context.Context) { a.stop() },
		Bind:             []any{a, b.settings, b.workspaces, b.models, b.chat, b.documents, b.archive, b.sync, b.office, b.tools, b.localAPI, b.usage, b.backup, b.update},
		DragAndDrop:      &options.DragAndDrop{EnableFileDrop: true},
		ErrorFormatter:   a.formatError,
		Logger:           wailsLog{a.log},
		SingleInstanceLock: &options.SingleInstanceLock{
			UniqueId:               instanceID(a.dataDir),
			OnSecondInstanceLaunch: a.secondInstance,
		},
		Linux: &linux.Options{ProgramName: "bookbag", WebviewGpuPolicy: webviewGPUPolicy(renderNodes)},
	}
}

// instanceID derives the single-instance lock from the data dir, so a second
// launch on the same data focuses the running window while another data dir
// runs beside it.
func instanceID(dataDir string) string {
	sum := sha256.Sum256([]byte(dataDir))
	return "app.bookbag.desktop.d" + hex.EncodeToString(sum[:8])
}

// startup starts what runs in the background once Wails is up.
func (a *App) startup(ctx context.Context) {
	a.log.Debug("wails startup", "since_start_ms", time.Since(processStart).Milliseconds())
	// Keep our cancellable context but let runtime calls find Wails' values.
	a.ctx, a.cancel = context.WithCancel(ctx)
	a.events.set(events.Func(func(name string, payload any) { runtime.EventsEmit(ctx, name, payload) }))
	// Files dropped on the window arrive as paths; the page under the pointer decides.
	runtime.OnFileDrop(ctx, func(x, y int, paths []string) {
		runtime.EventsEmit(ctx, events.FilesDropped, events.FilesDroppedPayload{X: x, Y: y, Paths: paths})
	})
	go a.placeWindow(ctx)
	if a.db == nil || a.openErr != nil {
		return
	}
	if err := a.models.FillSlugs(a.ctx); err != nil { // providers added before qualified model refs
		a.log.Warn("fill provider slugs", "err", err)
	}
	a.documents.Start(a.ctx) // resumes documents left pending by the last run
	a.tools.Start(a.ctx)     // hands the configured servers to the MCP client; none starts yet
	// The local API listens only when switched on in Settings.
	if err := a.localAPI.Start(a.ctx); err != nil {
		a.log.Warn("start the local api", "err", err)
	}
	if !a.flags.Smoke {
		if err := a.syncer.Start(a.ctx); err != nil {
			a.log.Warn("start sync", "err", err)
		}
		go func() {
			if _, err := a.models.DetectOllama(a.ctx); err != nil {
				a.log.Warn("detect ollama", "err", err)
			}
		}()
	}
	if !a.flags.Smoke {
		a.backups.Start(a.ctx) // scheduled backups: checked now, then hourly
	}
	go func() { // workspaces deleted before the last exit whose undo window has passed
		if _, err := a.workspaces.PurgeExpired(a.ctx); err != nil {
			a.log.Warn("purge deleted workspaces", "err", err)
		}
		if !a.flags.Smoke {
			a.sweepFilesLater(a.ctx, sweepDelay)
		}
	}()
}

// stop ends the background work, once, whichever comes first: Wails'
// shutdown or close. Running answers save what they have.
func (a *App) stop() {
	a.stopOnce.Do(func() {
		a.log.Info("shutting down")
		if a.localAPI != nil {
			a.localAPI.Close() // first: its requests use the services below
		}
		if a.backups != nil {
			a.backups.Close() // a running backup is cancelled and leaves no file
		}
		if a.admin != nil {
			a.admin.Close()
		}
		if a.syncer != nil {
			a.syncer.Close()
		}
		if a.chats != nil {
			a.chats.Close()
		}
		if a.documents != nil {
			a.documents.Close()
		}
		if a.workspaces != nil {
			a.workspaces.Close()
		}
		if a.usage != nil {
			a.usage.Close() // stops building the day sums of the device's time zone
		}
		if a.mcp != nil {
			a.mcp.Close() // stops every server process and what it started
		}
		a.cancel()
	})
}

// close stops the services and releases the store and the log file, after
// Wails has returned (and in tests).
func (a *App) close() {
	a.stop()
	if a.db != nil {
		a.db.Close()
	}
	if a.dirLock != nil {
		a.dirLock.Close()
	}
	a.logFile.Close()
}
