package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
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

	"bookbag/backend/apperr"
	"bookbag/backend/archive"
	"bookbag/backend/blob"
	"bookbag/backend/chat"
	"bookbag/backend/events"
	"bookbag/backend/logging"
	"bookbag/backend/models"
	"bookbag/backend/rag"
	"bookbag/backend/rag/extract"
	"bookbag/backend/secrets"
	"bookbag/backend/settings"
	"bookbag/backend/store"
	syncsvc "bookbag/backend/sync"
	"bookbag/backend/workspace"
)

// App owns the data dir, the store and every service. It is the only place
// where services are built and connected, and (with main.go) the only code
// that imports Wails.
type App struct {
	flags   Flags
	dataDir string
	log     *slog.Logger
	logFile io.Closer

	db      *store.DB
	openErr error // why the database could not be opened (recovery screen)

	ctx    context.Context // the Wails context, set at startup
	cancel context.CancelFunc
	events *emitter

	settings   *settings.Store
	workspaces *workspace.Service
	models     *models.Service
	chats      *chat.Service
	documents  *rag.DocumentService
	archives   *archive.Service
	syncer     *syncsvc.Service // wiring_sync.go

	settingsAPI  *settings.API
	workspaceAPI *workspace.API
	modelsAPI    *models.API
	chatAPI      *chat.API
	documentsAPI *rag.API
	syncAPI      *syncsvc.API

	smokeOnce   sync.Once
	smokePassed atomic.Bool
}

// NewApp opens the data dir and builds the services. A database that cannot
// be opened is not fatal: the UI shows why and offers a way out.
func NewApp(flags Flags) *App {
	a := &App{flags: flags, events: &emitter{}}
	a.ctx, a.cancel = context.WithCancel(context.Background())
	a.dataDir = flags.DataDir
	if a.dataDir == "" {
		a.dataDir = store.DataDir(os.Getenv)
	}
	if abs, err := filepath.Abs(a.dataDir); err == nil {
		a.dataDir = abs
	}
	log, closer, err := logging.New(a.dataDir, logging.Options{Stderr: flags.Smoke, Level: logLevel()})
	if err != nil {
		log, closer = slog.New(slog.NewTextHandler(os.Stderr, nil)), io.NopCloser(nil)
	}
	a.log, a.logFile = log, closer
	a.log.Info("starting", "version", version, "dataDir", a.dataDir, "smoke", flags.Smoke)

	a.db, a.openErr = store.Open(a.ctx, a.dataDir, store.Options{})
	if a.openErr != nil {
		a.log.Error("open database", "err", a.openErr)
	} else if err := a.buildServices(); err != nil {
		a.openErr = err
		a.log.Error("start services", "err", err)
	}
	a.settingsAPI = settings.NewAPI(a.context, a.db, a.settings,
		settings.Info{DataDir: a.dataDir, LogDir: logging.Dir(a.dataDir), Version: version}, settings.OSOpener)
	a.workspaceAPI = workspace.NewAPI(a.context, a.workspaces)
	a.modelsAPI = models.NewAPI(a.context, a.models)
	a.chatAPI = chat.NewAPI(a.context, a.chats)
	a.documentsAPI = rag.NewAPI(a.context, a.documents, openStoredFile)
	a.syncAPI = syncsvc.NewAPI(a.context, a.syncer)
	if flags.Smoke {
		go a.smokeWatchdog(30 * time.Second)
	}
	a.log.Debug("services built", "since_start_ms", time.Since(processStart).Milliseconds())
	return a
}

// buildServices creates every domain service on the open store and connects
// them. This is the one place where domains meet.
func (a *App) buildServices() error {
	blobs, err := blob.New(a.dataDir, blob.Options{})
	if err != nil {
		return err
	}
	keychain := secrets.NewKeyring(secrets.KeyringOptions{})
	a.settings = settings.NewStore(a.db)
	a.models = models.NewService(models.Deps{DB: a.db, Keys: keyStore{keychain}, Factory: providerFactory,
		Events: a.events, Getenv: os.Getenv, Log: a.log, OnDefaults: a.defaultsChanged})
	a.documents = rag.NewDocumentService(rag.Deps{DB: a.db, Blobs: blobs, Extractor: extract.New(extract.Options{}),
		Emitter: a.events, Embedders: embedders{a.models}, Logger: a.log, Shared: a.workspaceShared})
	a.workspaces = workspace.NewServiceWith(workspace.Deps{DB: a.db, Blobs: blobs, Index: workspaceIndex{a.documents},
		LastUsed: a.settings, Events: a.events, Log: a.log, DefaultEmbedding: a.defaultEmbedding, SharedRole: a.sharedRole})
	a.archives = archive.NewService(archive.Deps{DB: a.db, Blobs: blobs, AppVersion: version,
		AfterImport: a.documents.ForgetWorkspace, Events: a.events, Log: a.log})
	a.chats = chat.NewService(chat.Deps{DB: a.db, Resolver: chatResolver{models: a.models, workspaces: a.workspaces},
		Retriever: retriever{a.documents}, Blobs: blobs, Events: a.events, Log: a.log})
	a.buildSync(blobs, keychain)
	if n, err := a.chats.RecoverInterrupted(a.ctx); err != nil {
		a.log.Warn("recover interrupted answers", "err", err)
	} else if n > 0 {
		a.log.Info("marked answers interrupted by the last exit", "count", n)
	}
	return nil
}

func (a *App) context() context.Context { return a.ctx }

// defaultEmbedding is the app's default embedding model, which new
// workspaces start with (retrieval is hybrid by default once there is one).
func (a *App) defaultEmbedding(ctx context.Context) string {
	d, err := a.models.Defaults(ctx)
	if err != nil {
		return ""
	}
	return d.EmbeddingModelRef
}

// defaultsChanged gives keyword-only workspaces a newly chosen default
// embedding model, which starts their re-embedding in the background.
func (a *App) defaultsChanged(ctx context.Context, d models.Defaults) {
	if n, err := a.workspaces.AdoptDefaultEmbedding(ctx, d.EmbeddingModelRef); err != nil {
		a.log.Warn("apply the default embedding model", "err", err)
	} else if n > 0 {
		a.log.Info("workspaces now use the default embedding model", "model", d.EmbeddingModelRef, "workspaces", n)
	}
}

// options are the Wails options for this app.
func (a *App) options(assets fs.FS) *options.App {
	width, height := 1200, 800
	if a.settings != nil {
		if w, ok, _ := a.settings.Window(a.ctx); ok {
			width, height = w.Width, w.Height
		}
	}
	return &options.App{
		Title:            "BookBag",
		Width:            width,
		Height:           height,
		MinWidth:         760,
		MinHeight:        520,
		AssetServer:      &assetserver.Options{Assets: assets},
		BackgroundColour: &options.RGBA{R: 250, G: 250, B: 250, A: 255},
		OnStartup:        a.startup,
		OnDomReady:       a.domReady,
		OnBeforeClose:    a.beforeClose,
		OnShutdown:       a.shutdown,
		Bind:             []any{a, a.settingsAPI, a.workspaceAPI, a.modelsAPI, a.chatAPI, a.documentsAPI, a.syncAPI},
		DragAndDrop:      &options.DragAndDrop{EnableFileDrop: true},
		ErrorFormatter:   a.formatError,
		SingleInstanceLock: &options.SingleInstanceLock{
			UniqueId:               instanceID(a.dataDir),
			OnSecondInstanceLaunch: a.secondInstance,
		},
		Linux: &linux.Options{ProgramName: "bookbag"},
	}
}

// instanceID derives the single-instance lock from the data dir, so a second
// launch on the same data focuses the running window while another data dir
// runs beside it.
func instanceID(dataDir string) string {
	sum := sha256.Sum256([]byte(dataDir))
	return "app.bookbag.desktop.d" + hex.EncodeToString(sum[:8])
}

func (a *App) startup(ctx context.Context) {
	a.log.Debug("wails startup", "since_start_ms", time.Since(processStart).Milliseconds())
	// Keep our cancellable context but let runtime calls find Wails' values.
	a.ctx, a.cancel = context.WithCancel(ctx)
	a.events.set(events.Func(func(name string, payload any) { runtime.EventsEmit(ctx, name, payload) }))
	if a.documents != nil {
		a.documents.Start(a.ctx) // resumes documents left pending by the last run
	}
	a.startSync()
	if a.workspaces != nil {
		go func() { // workspaces deleted before the last exit whose undo window has passed
			if _, err := a.workspaces.PurgeExpired(a.ctx); err != nil {
				a.log.Warn("purge deleted workspaces", "err", err)
			}
		}()
	}
	// Files dropped on the window arrive as paths; the page under the pointer decides.
	runtime.OnFileDrop(ctx, func(x, y int, paths []string) {
		runtime.EventsEmit(ctx, events.FilesDropped, events.FilesDroppedPayload{X: x, Y: y, Paths: paths})
	})
	if a.models != nil && !a.flags.Smoke {
		go func() {
			if _, err := a.models.DetectOllama(a.ctx); err != nil {
				a.log.Warn("detect ollama", "err", err)
			}
		}()
	}
}

func (a *App) domReady(ctx context.Context) {
	a.log.Debug("dom ready", "since_start_ms", time.Since(processStart).Milliseconds())
	if a.settings == nil || a.flags.Smoke {
		return
	}
	if w, ok, _ := a.settings.Window(ctx); ok {
		if w.Maximised {
			runtime.WindowMaximise(ctx)
		} else if onScreen(ctx, w) {
			runtime.WindowSetPosition(ctx, w.X, w.Y)
		}
	}
}

// onScreen keeps a window from being restored onto a monitor that is gone.
func onScreen(ctx context.Context, w settings.Window) bool {
	screens, err := runtime.ScreenGetAll(ctx)
	if err != nil || len(screens) == 0 {
		return true
	}
	for _, s := range screens {
		if w.X >= -w.Width/2 && w.Y >= 0 && w.X < s.Size.Width-50 && w.Y < s.Size.Height-50 {
			return true
		}
	}
	return false
}

func (a *App) beforeClose(ctx context.Context) bool {
	a.saveWindow(ctx)
	return false
}

func (a *App) saveWindow(ctx context.Context) {
	if a.settings == nil || a.flags.Smoke {
		return
	}
	w := settings.Window{Maximised: runtime.WindowIsMaximised(ctx)}
	if !w.Maximised {
		w.Width, w.Height = runtime.WindowGetSize(ctx)
		w.X, w.Y = runtime.WindowGetPosition(ctx)
	} else if old, ok, _ := a.settings.Window(ctx); ok {
		w.Width, w.Height, w.X, w.Y = old.Width, old.Height, old.X, old.Y
	} else {
		w.Width, w.Height = 1200, 800
	}
	if err := a.settings.SetWindow(context.WithoutCancel(ctx), w); err != nil {
		a.log.Warn("save window geometry", "err", err)
	}
}

func (a *App) shutdown(ctx context.Context) {
	a.log.Info("shutting down")
	a.closeSync()
	if a.chats != nil {
		a.chats.Close() // let running answers save what they have
	}
	if a.documents != nil {
		a.documents.Close()
	}
	if a.workspaces != nil {
		a.workspaces.Close()
	}
	a.cancel()
}

// close releases the store and the log file after Wails has returned.
func (a *App) close() {
	a.closeSync()
	if a.chats != nil {
		a.chats.Close()
	}
	if a.documents != nil {
		a.documents.Close()
	}
	if a.workspaces != nil {
		a.workspaces.Close()
	}
	if a.db != nil {
		a.db.Close()
	}
	a.logFile.Close()
}

func (a *App) secondInstance(data options.SecondInstanceData) {
	a.log.Info("second launch on the same data dir: focusing", "args", data.Args)
	runtime.WindowUnminimise(a.ctx)
	runtime.WindowShow(a.ctx)
	runtime.WindowSetAlwaysOnTop(a.ctx, true)
	runtime.WindowSetAlwaysOnTop(a.ctx, false)
}

// formatError gives the frontend {code, message} for every error a bound
// method returns, and logs the unexpected ones. It is a JSON string: the
// Wails runtime rejects with new Error(formatted), which turns an object into
// "[object Object]" but keeps a string as the message (api/errors.ts parses it).
func (a *App) formatError(err error) any {
	code := apperr.CodeOf(err)
	if code == apperr.Internal {
		a.log.Error("internal error", "err", err)
	}
	b, _ := json.Marshal(map[string]string{"code": string(code), "message": apperr.MessageOf(err)})
	return string(b)
}

// Bootstrap is what the frontend needs to draw its first screen.
type Bootstrap struct {
	// State: ready, corrupt, newer_schema, not_writable or error.
	State              string                `json:"state"`
	Message            string                `json:"message"`
	DataDir            string                `json:"dataDir"`
	DatabasePath       string                `json:"databasePath"`
	Version            string                `json:"version"`
	Theme              string                `json:"theme"`
	Identity           store.Identity        `json:"identity"`
	Workspaces         []workspace.Workspace `json:"workspaces"`
	CurrentWorkspaceID string                `json:"currentWorkspaceId"`
	FirstRun           bool                  `json:"firstRun"`
}

// Bootstrap opens the default workspace and reports the app's state.
func (a *App) Bootstrap() (Bootstrap, error) {
	a.log.Debug("bootstrap called", "since_start_ms", time.Since(processStart).Milliseconds())
	defer func() { a.log.Debug("bootstrap done", "since_start_ms", time.Since(processStart).Milliseconds()) }()
	b := Bootstrap{State: "ready", DataDir: a.dataDir, DatabasePath: filepath.Join(a.dataDir, store.FileName),
		Version: version, Theme: string(settings.ThemeSystem), Workspaces: []workspace.Workspace{}}
	if a.openErr != nil {
		var ce *store.CorruptError
		var nw *store.NotWritableError
		switch {
		case errors.As(a.openErr, &ce):
			b.State = "corrupt"
		case errors.Is(a.openErr, store.ErrNewerSchema):
			b.State = "newer_schema"
		case errors.As(a.openErr, &nw):
			b.State = "not_writable"
		default:
			b.State = "error"
		}
		b.Message = a.openErr.Error()
		return b, nil
	}
	ctx := a.ctx
	def, err := a.workspaces.EnsureDefault(ctx)
	if err != nil {
		return b, err
	}
	if b.Workspaces, err = a.workspaces.List(ctx); err != nil {
		return b, err
	}
	b.CurrentWorkspaceID = def.ID
	if last, _ := a.settings.LastWorkspace(ctx); last != "" {
		for _, w := range b.Workspaces {
			if w.ID == last {
				b.CurrentWorkspaceID = last
			}
		}
	}
	theme, err := a.settings.Theme(ctx)
	if err != nil {
		return b, err
	}
	b.Theme = string(theme)
	b.Identity = a.db.Identity()
	var providers int
	if err := a.db.R.QueryRowContext(ctx, `SELECT count(*) FROM providers`).Scan(&providers); err != nil {
		return b, fmt.Errorf("count providers: %w", err)
	}
	b.FirstRun = providers == 0
	return b, nil
}

// MoveDatabaseAside renames a damaged database (and its -wal/-shm files) to
// bookbag.db.damaged-<time> so a fresh one can be created. Nothing is deleted.
func (a *App) MoveDatabaseAside() (string, error) {
	var ce *store.CorruptError
	if !errors.As(a.openErr, &ce) {
		return "", apperr.New(apperr.Invalid, "the database is not damaged")
	}
	target := ce.Path + ".damaged-" + time.Now().Format("20060102-150405")
	if err := os.Rename(ce.Path, target); err != nil {
		return "", apperr.Wrap(err, apperr.Unavailable, "could not move %s aside", ce.Path)
	}
	for _, ext := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(ce.Path + ext); err == nil {
			os.Rename(ce.Path+ext, target+ext)
		}
	}
	a.log.Warn("moved damaged database aside", "from", ce.Path, "to", target)
	return target, nil
}

// Restart relaunches the app (after recovery) on the same data dir.
func (a *App) Restart() error {
	a.log.Info("restarting")
	if err := restartSelf(); err != nil {
		return apperr.Wrap(err, apperr.Internal, "could not restart BookBag")
	}
	runtime.Quit(a.ctx)
	return nil
}

// PickDocuments asks for files (and, with folder set, a folder) in a native
// dialog and adds them to a workspace, or to one chat when chatID is set.
func (a *App) PickDocuments(workspaceID, chatID string, folder bool) (rag.AddReport, error) {
	var paths []string
	if folder {
		dir, err := runtime.OpenDirectoryDialog(a.ctx, runtime.OpenDialogOptions{Title: "Add a folder of documents"})
		if err != nil {
			return rag.AddReport{}, apperr.Wrap(err, apperr.Internal, "could not open the folder dialog")
		}
		if dir != "" {
			paths = []string{dir}
		}
	} else {
		var err error
		paths, err = runtime.OpenMultipleFilesDialog(a.ctx, runtime.OpenDialogOptions{Title: "Add documents",
			Filters: []runtime.FileFilter{{DisplayName: "Documents (" + extract.Labels() + ")", Pattern: extract.DialogPattern()},
				{DisplayName: "All files", Pattern: "*"}}})
		if err != nil {
			return rag.AddReport{}, apperr.Wrap(err, apperr.Internal, "could not open the file dialog")
		}
	}
	if len(paths) == 0 {
		return rag.AddReport{Added: []rag.AddResult{}, Skipped: []string{}}, nil // the dialog was cancelled
	}
	return a.documents.AddPaths(a.ctx, workspaceID, chatID, paths)
}

// SaveFile asks where to save and writes data there (exports). It returns the
// path, or "" when the dialog was cancelled.
func (a *App) SaveFile(title, defaultName string, data []byte) (string, error) {
	path, err := runtime.SaveFileDialog(a.ctx, runtime.SaveDialogOptions{Title: title, DefaultFilename: defaultName,
		CanCreateDirectories: true})
	if err != nil {
		return "", apperr.Wrap(err, apperr.Internal, "could not open the save dialog")
	}
	if path == "" {
		return "", nil
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		return "", apperr.Wrap(err, apperr.Unavailable, "could not write %s", filepath.Base(path))
	}
	return path, nil
}

// ExportWorkspace asks where to save a workspace's archive (.bookbag) and
// writes it there. Path is "" when the dialog was cancelled.
func (a *App) ExportWorkspace(id string) (archive.ExportResult, error) {
	w, err := a.workspaces.Get(a.ctx, id)
	if err != nil {
		return archive.ExportResult{}, err
	}
	path, err := runtime.SaveFileDialog(a.ctx, runtime.SaveDialogOptions{Title: "Export workspace",
		DefaultFilename: archive.FileName(w.Name, time.Now()), CanCreateDirectories: true,
		Filters: []runtime.FileFilter{{DisplayName: "BookBag workspace (*.bookbag)", Pattern: "*.bookbag"}}})
	if err != nil {
		return archive.ExportResult{}, apperr.Wrap(err, apperr.Internal, "could not open the save dialog")
	}
	if path == "" {
		return archive.ExportResult{WorkspaceName: w.Name}, nil
	}
	if filepath.Ext(path) == "" {
		path += archive.Ext
	}
	return a.archives.ExportFile(a.ctx, id, path)
}

// ExportWorkspaceBytes returns a workspace's archive (browser tests, downloads).
func (a *App) ExportWorkspaceBytes(id string) ([]byte, error) {
	var buf bytes.Buffer
	if _, err := a.archives.Export(a.ctx, id, &buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ImportWorkspace asks for a workspace archive and imports it. The report's
// workspaceId is "" when the dialog was cancelled.
func (a *App) ImportWorkspace() (archive.Report, error) {
	path, err := runtime.OpenFileDialog(a.ctx, runtime.OpenDialogOptions{Title: "Import a workspace",
		Filters: []runtime.FileFilter{{DisplayName: "BookBag workspace (*.bookbag)", Pattern: "*.bookbag"},
			{DisplayName: "All files", Pattern: "*"}}})
	if err != nil {
		return archive.Report{}, apperr.Wrap(err, apperr.Internal, "could not open the file dialog")
	}
	if path == "" {
		return archive.Report{Tables: []archive.TableReport{}, MissingModels: []string{}, MissingFiles: []string{}}, nil
	}
	return a.archives.ImportFile(a.ctx, path)
}

// ImportWorkspaceBytes imports an archive read by the webview (file input).
func (a *App) ImportWorkspaceBytes(name string, data []byte) (archive.Report, error) {
	a.log.Info("import workspace archive", "name", name, "bytes", len(data))
	return a.archives.ImportBytes(a.ctx, data)
}

// ImportChats asks for a chat file (BookBag JSON, or a ChatGPT export's
// conversations.json or .zip) and imports it into a workspace. The result's
// format is "" when the dialog was cancelled.
func (a *App) ImportChats(workspaceID string) (chat.ImportResult, error) {
	path, err := runtime.OpenFileDialog(a.ctx, runtime.OpenDialogOptions{Title: "Import chats",
		Filters: []runtime.FileFilter{{DisplayName: "Chat exports (*.json, *.zip)", Pattern: "*.json;*.zip"},
			{DisplayName: "All files", Pattern: "*"}}})
	if err != nil {
		return chat.ImportResult{}, apperr.Wrap(err, apperr.Internal, "could not open the file dialog")
	}
	if path == "" {
		return chat.ImportResult{ChatIDs: []string{}, Warnings: []string{}}, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return chat.ImportResult{}, apperr.Wrap(err, apperr.NotFound, "could not read %s", filepath.Base(path))
	}
	return a.chats.Import(a.ctx, workspaceID, filepath.Base(path), data)
}

// Quit remembers the window geometry and closes the app (Ctrl+Q).
func (a *App) Quit() {
	a.saveWindow(a.ctx)
	runtime.Quit(a.ctx)
}

// Ready is called by the frontend once it has drawn its first screen from
// data it fetched. Under --smoke it prints the startup time and quits.
func (a *App) Ready(screen string) {
	ms := time.Since(processStart).Milliseconds()
	a.log.Info("frontend ready", "screen", screen, "startup_ms", ms)
	if !a.flags.Smoke {
		return
	}
	a.smokeOnce.Do(func() {
		suffix := ""
		if screen != "main" {
			suffix = " screen=" + screen
		}
		fmt.Printf("smoke ok startup_ms=%d%s\n", ms, suffix)
		a.smokePassed.Store(true)
		go func() {
			time.Sleep(100 * time.Millisecond)
			runtime.Quit(a.ctx)
		}()
	})
}

// smokeOK reports whether the smoke run reached a screen.
func (a *App) smokeOK() bool { return a.smokePassed.Load() }

func (a *App) smokeWatchdog(limit time.Duration) {
	time.Sleep(limit)
	if !a.smokePassed.Load() {
		fmt.Printf("smoke failed: the frontend did not report a rendered screen within %s\n", limit)
		os.Exit(1)
	}
}

// logLevel is Info unless BOOKBAG_DEBUG is set.
func logLevel() slog.Level {
	if os.Getenv("BOOKBAG_DEBUG") != "" {
		return slog.LevelDebug
	}
	return slog.LevelInfo
}

// emitter forwards events to Wails once it has started; before that (and in
// tests) they are dropped.
type emitter struct {
	mu sync.RWMutex
	to events.Emitter
}

func (e *emitter) set(to events.Emitter) {
	e.mu.Lock()
	e.to = to
	e.mu.Unlock()
}

func (e *emitter) Emit(name string, payload any) {
	e.mu.RLock()
	to := e.to
	e.mu.RUnlock()
	if to != nil {
		to.Emit(name, payload)
	}
}
