// SPDX-License-Identifier: MIT
#pragma once

#include <QPointer>
#include <QUrl>
#include <QWidget>

#include <functional>

class QAction;
class QComboBox;
class QLineEdit;
class QLabel;
class QListView;
class QMenu;
class QTimer;
class QModelIndex;

namespace Sanzaru::Core {
class JobFilterProxy;
class JobListModel;
class JobQueue;
} // namespace Sanzaru::Core

namespace Sanzaru::Ui {

class JobDelegate;

/// The job queue pane: a filter bar (state, kind, search) over a list of jobs painted by JobDelegate, with
/// a context menu and keyboard shortcuts for the current job. Shortcuts work while the list has focus, so
/// they never steal keys from the search field: Cancel Ctrl+., Retry Ctrl+R, Remove Delete, Open Ctrl+O
/// (and Enter / double-click), Show in folder Ctrl+Shift+O, Copy prompt Ctrl+C, Copy id Ctrl+Shift+C,
/// Download Ctrl+D, Clear finished Ctrl+Shift+Delete. Actions are enabled for what the current job allows.
class JobQueueView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JobQueueView)

public:
    enum class Action {
        Cancel,
        Retry,
        Remove,
        Open,
        ShowInFolder,
        CopyId,
        CopyPrompt,
        Download,
        ClearFinished
    };
    Q_ENUM(Action)

    /// Opens files and folders; QDesktopServices::openUrl unless replaced (tests replace it).
    using UrlOpener = std::function<bool(const QUrl &)>;

    /// queue is not owned and must outlive this view.
    explicit JobQueueView(Core::JobQueue *queue, QWidget *parent = nullptr);
    ~JobQueueView() override;

    QString currentJobId() const;
    /// Makes this job current (and visible), clearing filters that hide it; false for an unknown id.
    bool setCurrentJob(const QString &id);

    QAction *action(Action which) const;
    void setUrlOpener(UrlOpener opener);

    Core::JobListModel *model() const { return m_model; }
    Core::JobFilterProxy *proxy() const { return m_proxy; }
    QListView *listView() const { return m_list; }
    JobDelegate *delegate() const { return m_delegate; }
    QComboBox *stateCombo() const { return m_stateCombo; }
    QComboBox *kindCombo() const { return m_kindCombo; }
    QLineEdit *searchField() const { return m_search; }
    QMenu *contextMenu() const { return m_menu; }
    /// Shown instead of the list when no row is visible: why, and what to do.
    QLabel *emptyState() const { return m_empty; }

signals:
    /// The current job changed (empty when none), for the preview pane.
    void currentJobChanged(const QString &id);

private:
    void buildWidgets();
    void buildActions();
    void connectSignals();
    QAction *makeAction(Action which, const QString &text, const QList<QKeySequence> &shortcuts,
                        void (JobQueueView::*slot)());
    void cancelCurrent();
    void retryCurrent();
    void removeCurrent();
    void openCurrent();
    void showCurrentInFolder();
    void copyCurrentId();
    void copyCurrentPrompt();
    void downloadCurrent();
    void clearFinished();
    void onCurrentChanged(const QModelIndex &current);
    void onActivated(const QModelIndex &index);
    void showContextMenu(const QPoint &pos);
    void updateActions();
    void scheduleActionUpdate();
    /// Per-state and per-kind counts in the filter combos, and the empty state.
    void updateOverview();
    QModelIndex currentSourceIndex() const;

    QPointer<Core::JobQueue> m_queue;
    Core::JobListModel *m_model = nullptr;
    Core::JobFilterProxy *m_proxy = nullptr;
    JobDelegate *m_delegate = nullptr;
    QComboBox *m_stateCombo = nullptr;
    QComboBox *m_kindCombo = nullptr;
    QLineEdit *m_search = nullptr;
    QListView *m_list = nullptr;
    QLabel *m_empty = nullptr;
    QTimer *m_overviewTimer = nullptr;
    QMenu *m_menu = nullptr;
    QList<QAction *> m_actions; ///< indexed by Action
    UrlOpener m_openUrl;
    QString m_currentId;
    QTimer *m_actionTimer = nullptr; ///< coalesces action updates: models may change many rows at once
};

} // namespace Sanzaru::Ui
