// SPDX-License-Identifier: MIT
#include "jobqueueview.h"

#include "shortcuttable.h"

#include "jobdelegate.h"
#include "jobs/jobfilterproxy.h"
#include "jobs/joblistmodel.h"
#include "jobs/jobqueue.h"
#include "jobs/jobroles.h"

#include <QAction>
#include <QClipboard>
#include <QComboBox>
#include <QDesktopServices>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QTimer>
#include <QVBoxLayout>

namespace Sanzaru::Ui {

using namespace Core::JobRoles;
using Core::JobFilterProxy;
using Core::JobState;

namespace {
constexpr int filterNameRole = Qt::UserRole + 1;
} // namespace

JobQueueView::JobQueueView(Core::JobQueue *queue, QWidget *parent)
    : QWidget(parent)
    , m_queue(queue)
    , m_openUrl([](const QUrl &url) { return QDesktopServices::openUrl(url); })
{
    setAccessibleName(tr("Job queue"));
    m_model = new Core::JobListModel(queue, this);
    m_proxy = new JobFilterProxy(this);
    m_proxy->setSourceModel(m_model);

    buildWidgets();
    buildActions();
    connectSignals();
    updateActions();
    updateOverview();
}

// Filters above the list, the list with its delegate, and the empty state over it.
void JobQueueView::buildWidgets()
{
    m_stateCombo = new QComboBox(this);
    m_stateCombo->addItem(tr("All jobs"), QVariant::fromValue(JobFilterProxy::StateFilter::All));
    m_stateCombo->addItem(tr("Active"), QVariant::fromValue(JobFilterProxy::StateFilter::Active));
    m_stateCombo->addItem(tr("Completed"), QVariant::fromValue(JobFilterProxy::StateFilter::Completed));
    m_stateCombo->addItem(tr("Failed or cancelled"),
                          QVariant::fromValue(JobFilterProxy::StateFilter::FailedOrCancelled));
    m_stateCombo->setAccessibleName(tr("Show jobs in state"));
    m_stateCombo->setToolTip(tr("Show jobs in this state"));

    m_kindCombo = new QComboBox(this);
    m_kindCombo->addItem(tr("All kinds"), QVariant::fromValue(JobFilterProxy::KindFilter::All));
    m_kindCombo->addItem(tr("Videos"), QVariant::fromValue(JobFilterProxy::KindFilter::Videos));
    m_kindCombo->addItem(tr("Images"), QVariant::fromValue(JobFilterProxy::KindFilter::Images));
    m_kindCombo->addItem(tr("References"), QVariant::fromValue(JobFilterProxy::KindFilter::References));
    m_kindCombo->setAccessibleName(tr("Show jobs of kind"));
    m_kindCombo->setToolTip(tr("Show jobs of this kind"));

    // The item texts get counts appended; the plain names stay in their own role.
    for (QComboBox *combo : {m_stateCombo, m_kindCombo})
        for (int i = 0; i < combo->count(); ++i)
            combo->setItemData(i, combo->itemText(i), filterNameRole);

    m_search = new QLineEdit(this);
    m_search->setPlaceholderText(tr("Search prompts"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Search jobs"));
    m_search->setAccessibleDescription(tr("Shows only jobs whose prompt or id contains this text"));

    m_list = new QListView(this);
    m_list->setAccessibleName(tr("Jobs"));
    m_list->setAccessibleDescription(tr("Newest first. Press the context menu key for actions."));
    m_list->setModel(m_proxy);
    m_delegate = new JobDelegate(m_list);
    m_list->setItemDelegate(m_delegate);
    // One size hint for every row: scrolling thousands of jobs never asks the delegate for each.
    m_list->setUniformItemSizes(true);
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_list->setContextMenuPolicy(Qt::CustomContextMenu);

    auto *filters = new QHBoxLayout;
    filters->addWidget(m_stateCombo);
    filters->addWidget(m_kindCombo);
    filters->addWidget(m_search, 1);
    m_empty = new QLabel(this);
    m_empty->setObjectName(QStringLiteral("emptyState"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setTextFormat(Qt::PlainText);
    m_empty->setMargin(24);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    // Over the list's viewport, not instead of it: drops and the context menu keep working there.
    m_empty->setAttribute(Qt::WA_TransparentForMouseEvents);
    auto *emptyLayout = new QVBoxLayout(m_list->viewport());
    emptyLayout->addWidget(m_empty);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(filters);
    layout->addWidget(m_list, 1);
}

// The job actions, their keys and the context menu.
void JobQueueView::buildActions()
{
    m_actions.resize(int(Action::ClearFinished) + 1);
    makeAction(Action::Cancel, tr("&Cancel"), ShortcutTable::keys(ShortcutTable::Id::CancelJob),
               &JobQueueView::cancelCurrent);
    makeAction(Action::Retry, tr("&Retry"), ShortcutTable::keys(ShortcutTable::Id::RetryJob),
               &JobQueueView::retryCurrent);
    makeAction(Action::Download, tr("&Download"), ShortcutTable::keys(ShortcutTable::Id::DownloadJob),
               &JobQueueView::downloadCurrent);
    makeAction(Action::Open, tr("&Open"), ShortcutTable::keys(ShortcutTable::Id::OpenJob),
               &JobQueueView::openCurrent);
    makeAction(Action::ShowInFolder, tr("Show in &folder"),
               ShortcutTable::keys(ShortcutTable::Id::ShowJobInFolder), &JobQueueView::showCurrentInFolder);
    makeAction(Action::CopyPrompt, tr("Copy &prompt"), ShortcutTable::keys(ShortcutTable::Id::CopyPrompt),
               &JobQueueView::copyCurrentPrompt);
    makeAction(Action::CopyId, tr("Copy job &id"), ShortcutTable::keys(ShortcutTable::Id::CopyJobId),
               &JobQueueView::copyCurrentId);
    makeAction(Action::Remove, tr("Re&move"), ShortcutTable::keys(ShortcutTable::Id::RemoveJob),
               &JobQueueView::removeCurrent);
    makeAction(Action::ClearFinished, tr("Clear &finished"),
               ShortcutTable::keys(ShortcutTable::Id::ClearFinished), &JobQueueView::clearFinished);

    m_menu = new QMenu(this);
    m_menu->setAccessibleName(tr("Job actions"));
    for (Action which : {Action::Cancel, Action::Retry, Action::Download})
        m_menu->addAction(action(which));
    m_menu->addSeparator();
    for (Action which : {Action::Open, Action::ShowInFolder, Action::CopyPrompt, Action::CopyId})
        m_menu->addAction(action(which));
    m_menu->addSeparator();
    for (Action which : {Action::Remove, Action::ClearFinished})
        m_menu->addAction(action(which));

    m_actionTimer = new QTimer(this);
    m_actionTimer->setSingleShot(true);
    m_actionTimer->setInterval(0);
    connect(m_actionTimer, &QTimer::timeout, this, &JobQueueView::updateActions);
}

void JobQueueView::connectSignals()
{
    connect(m_stateCombo, &QComboBox::currentIndexChanged, this, [this] {
        m_proxy->setStateFilter(m_stateCombo->currentData().value<JobFilterProxy::StateFilter>());
    });
    connect(m_kindCombo, &QComboBox::currentIndexChanged, this, [this] {
        m_proxy->setKindFilter(m_kindCombo->currentData().value<JobFilterProxy::KindFilter>());
    });
    connect(m_search, &QLineEdit::textChanged, m_proxy, &JobFilterProxy::setSearchText);
    connect(m_list->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &JobQueueView::onCurrentChanged);
    connect(m_list, &QListView::activated, this, &JobQueueView::onActivated);
    connect(m_list, &QWidget::customContextMenuRequested, this, &JobQueueView::showContextMenu);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &JobQueueView::scheduleActionUpdate);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &JobQueueView::scheduleActionUpdate);
    connect(m_proxy, &QAbstractItemModel::dataChanged, this, &JobQueueView::scheduleActionUpdate);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &JobQueueView::scheduleActionUpdate);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &JobQueueView::scheduleActionUpdate);

    // Counting walks every row: a few times a second at most, whatever the rate of job events.
    m_overviewTimer = new QTimer(this);
    m_overviewTimer->setSingleShot(true);
    m_overviewTimer->setInterval(150);
    connect(m_overviewTimer, &QTimer::timeout, this, &JobQueueView::updateOverview);
    const auto overviewSoon = [this] {
        if (!m_overviewTimer->isActive())
            m_overviewTimer->start();
    };
    for (QAbstractItemModel *model :
         {static_cast<QAbstractItemModel *>(m_model), static_cast<QAbstractItemModel *>(m_proxy)}) {
        connect(model, &QAbstractItemModel::rowsInserted, this, overviewSoon);
        connect(model, &QAbstractItemModel::rowsRemoved, this, overviewSoon);
        connect(model, &QAbstractItemModel::dataChanged, this, overviewSoon);
        connect(model, &QAbstractItemModel::modelReset, this, overviewSoon);
        connect(model, &QAbstractItemModel::layoutChanged, this, overviewSoon);
    }
}

void JobQueueView::updateOverview()
{
    QHash<int, int> byState;
    QHash<int, int> byKind;
    const int rows = m_model->rowCount();
    for (int row = 0; row < rows; ++row) {
        const QModelIndex index = m_model->index(row, 0);
        const auto state = Core::JobState(index.data(StateRole).toInt());
        const auto kind = Core::JobKind(index.data(KindRole).toInt());
        for (int i = 0; i < m_stateCombo->count(); ++i)
            if (JobFilterProxy::matches(m_stateCombo->itemData(i).value<JobFilterProxy::StateFilter>(),
                                        state))
                ++byState[i];
        for (int i = 0; i < m_kindCombo->count(); ++i)
            if (JobFilterProxy::matches(m_kindCombo->itemData(i).value<JobFilterProxy::KindFilter>(), kind))
                ++byKind[i];
    }
    for (auto [combo, counts] : {std::pair{m_stateCombo, &byState}, std::pair{m_kindCombo, &byKind}})
        for (int i = 0; i < combo->count(); ++i)
            combo->setItemText(i, QStringLiteral("%1 (%2)")
                                      .arg(combo->itemData(i, filterNameRole).toString())
                                      .arg(counts->value(i)));

    const bool none = m_proxy->rowCount() == 0;
    if (none)
        m_empty->setText(rows == 0 ? tr("No jobs yet.\n\nDescribe a video or an image on the left and press "
                                        "Create, drop pictures here to prepare references, or connect an "
                                        "MCP client (Tools ▸ Connect a client): every job shows up here.")
                                   : tr("No job matches the filters (%1 hidden).\n\nChoose \"All jobs\" and "
                                        "\"All kinds\" or clear the search to see them.")
                                         .arg(rows == 1 ? tr("1 job") : tr("%1 jobs").arg(rows)));
    m_empty->setVisible(none);
}

JobQueueView::~JobQueueView() = default;

QAction *JobQueueView::makeAction(Action which, const QString &text, const QList<QKeySequence> &shortcuts,
                                  void (JobQueueView::*slot)())
{
    auto *action = new QAction(text, this);
    action->setShortcuts(shortcuts);
    // Only while the list has focus: Delete and Ctrl+C belong to the search field when it has focus.
    action->setShortcutContext(Qt::WidgetShortcut);
    action->setShortcutVisibleInContextMenu(true);
    connect(action, &QAction::triggered, this, slot);
    m_list->addAction(action);
    m_actions[int(which)] = action;
    return action;
}

QAction *JobQueueView::action(Action which) const
{
    return m_actions.value(int(which));
}

void JobQueueView::setUrlOpener(UrlOpener opener)
{
    m_openUrl = std::move(opener);
}

QString JobQueueView::currentJobId() const
{
    return m_currentId;
}

bool JobQueueView::setCurrentJob(const QString &id)
{
    m_model->applyPendingRows();
    const int row = m_model->rowForId(id);
    if (row < 0)
        return false;
    const QModelIndex source = m_model->index(row);
    QModelIndex index = m_proxy->mapFromSource(source);
    if (!index.isValid()) {
        // A job the user asked for must be visible: drop the filters that hide it.
        m_search->clear();
        m_stateCombo->setCurrentIndex(0);
        m_kindCombo->setCurrentIndex(0);
        index = m_proxy->mapFromSource(source);
    }
    m_list->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
    m_list->scrollTo(index);
    return index.isValid();
}

QModelIndex JobQueueView::currentSourceIndex() const
{
    return m_proxy->mapToSource(m_list->currentIndex());
}

void JobQueueView::onCurrentChanged(const QModelIndex &current)
{
    const QString id = current.data(IdRole).toString();
    updateActions();
    if (id == m_currentId)
        return;
    m_currentId = id;
    emit currentJobChanged(id);
}

void JobQueueView::scheduleActionUpdate()
{
    if (!m_actionTimer->isActive())
        m_actionTimer->start();
}

void JobQueueView::updateActions()
{
    m_actionTimer->stop();
    const QModelIndex index = currentSourceIndex();
    const bool has = index.isValid() && m_queue;
    const auto state = JobState(index.data(StateRole).toInt());
    const QString output = index.data(OutputPathRole).toString();

    action(Action::Cancel)->setEnabled(has && !Core::isTerminal(state));
    action(Action::Retry)->setEnabled(has && index.data(CanRetryRole).toBool());
    action(Action::Remove)->setEnabled(has);
    action(Action::Open)->setEnabled(has && !output.isEmpty());
    action(Action::ShowInFolder)->setEnabled(has && !output.isEmpty());
    action(Action::CopyId)->setEnabled(has);
    action(Action::CopyPrompt)->setEnabled(has && !index.data(PromptRole).toString().isEmpty());
    action(Action::Download)->setEnabled(has && index.data(CanDownloadRole).toBool());
    action(Action::ClearFinished)->setEnabled(m_queue && m_model->hasFinishedJobs());

    // The current row may have gone (removed, filtered out) without a new current index.
    const QString id = index.data(IdRole).toString();
    if (id != m_currentId) {
        m_currentId = id;
        emit currentJobChanged(id);
    }
}

// The queue's methods take the id by reference and emit signals that move the current row, which
// rewrites m_currentId: every call passes a copy.
void JobQueueView::cancelCurrent()
{
    const QString id = m_currentId;
    if (m_queue && !id.isEmpty())
        m_queue->cancel(id);
}

void JobQueueView::retryCurrent()
{
    const QString id = m_currentId;
    if (!m_queue || id.isEmpty())
        return;
    const QString replacement = m_queue->retry(id);
    if (!replacement.isEmpty())
        setCurrentJob(replacement);
}

void JobQueueView::removeCurrent()
{
    const QString id = m_currentId;
    if (m_queue && !id.isEmpty())
        m_queue->remove(id);
}

void JobQueueView::openCurrent()
{
    const QString path = currentSourceIndex().data(OutputPathRole).toString();
    if (!path.isEmpty() && m_openUrl)
        m_openUrl(QUrl::fromLocalFile(path));
}

void JobQueueView::showCurrentInFolder()
{
    const QString path = currentSourceIndex().data(OutputPathRole).toString();
    if (!path.isEmpty() && m_openUrl)
        m_openUrl(QUrl::fromLocalFile(QFileInfo(path).absolutePath()));
}

void JobQueueView::copyCurrentId()
{
    if (!m_currentId.isEmpty())
        QGuiApplication::clipboard()->setText(m_currentId);
}

void JobQueueView::copyCurrentPrompt()
{
    const QString prompt = currentSourceIndex().data(PromptRole).toString();
    if (!prompt.isEmpty())
        QGuiApplication::clipboard()->setText(prompt);
}

void JobQueueView::downloadCurrent()
{
    const QString id = m_currentId;
    if (!m_queue || id.isEmpty())
        return;
    const QString download = m_queue->download(id);
    if (!download.isEmpty())
        setCurrentJob(download);
}

void JobQueueView::clearFinished()
{
    if (m_queue)
        m_queue->clearFinished();
}

void JobQueueView::onActivated(const QModelIndex &index)
{
    if (index.isValid() && !index.data(OutputPathRole).toString().isEmpty())
        openCurrent();
}

void JobQueueView::showContextMenu(const QPoint &pos)
{
    const QModelIndex index = m_list->indexAt(pos);
    if (index.isValid())
        m_list->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect);
    updateActions();
    // popup(), not exec(): no nested event loop on the GUI thread.
    m_menu->popup(m_list->viewport()->mapToGlobal(pos));
}

} // namespace Sanzaru::Ui
