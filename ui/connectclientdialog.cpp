// SPDX-License-Identifier: MIT
#include "connectclientdialog.h"

#include "mcp/mcpclientconfig.h"

#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace Sanzaru::Ui {

using Core::McpClientConfig;

ConnectClientDialog::ConnectClientDialog(const QString &binaryPath, const QString &mediaPath, QWidget *parent)
    : QDialog(parent)
    , m_binaryPath(binaryPath)
    , m_mediaPath(mediaPath)
    , m_client(new QComboBox(this))
    , m_text(new QPlainTextEdit(this))
    , m_hint(new QLabel(this))
{
    setWindowTitle(tr("Connect an MCP client"));
    m_client->setObjectName(QStringLiteral("client"));
    for (const QString &client : McpClientConfig::clients())
        m_client->addItem(McpClientConfig::displayName(client), client);
    m_text->setObjectName(QStringLiteral("configText"));
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_hint->setObjectName(QStringLiteral("hint"));
    m_hint->setWordWrap(true);
    m_hint->setTextFormat(Qt::PlainText);

    auto *copyButton = new QPushButton(tr("&Copy"), this);
    copyButton->setObjectName(QStringLiteral("copy"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(copyButton, QDialogButtonBox::ActionRole);

    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("&Client:"), this));
    top->addWidget(m_client, 1);
    static_cast<QLabel *>(top->itemAt(0)->widget())->setBuddy(m_client);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_hint);
    layout->addWidget(buttons);
    resize(720, 420);

    connect(m_client, &QComboBox::currentIndexChanged, this, &ConnectClientDialog::refresh);
    connect(copyButton, &QPushButton::clicked, this, &ConnectClientDialog::copy);
    connect(buttons, &QDialogButtonBox::rejected, this, &ConnectClientDialog::reject);
    refresh();
}

QString ConnectClientDialog::client() const
{
    return m_client->currentData().toString();
}

void ConnectClientDialog::setClient(const QString &client)
{
    const int index = m_client->findData(client);
    if (index >= 0)
        m_client->setCurrentIndex(index);
}

QString ConnectClientDialog::text() const
{
    return m_text->toPlainText();
}

void ConnectClientDialog::copy()
{
    if (QClipboard *clipboard = QGuiApplication::clipboard())
        clipboard->setText(text());
}

void ConnectClientDialog::refresh()
{
    const std::optional<McpClientConfig::Output> config =
        McpClientConfig::generate(client(), m_binaryPath, m_mediaPath);
    m_text->setPlainText(config ? config->text : QString());
    const QString placeholder = McpClientConfig::placeholders().join(QStringLiteral(", "));
    if (!config)
        m_hint->clear();
    else if (config->pasteInto.isEmpty())
        m_hint->setText(tr("Run this in a shell after replacing %1 with your keys and your video gateway "
                           "(OpenAI serves the images; a gateway serves video).")
                            .arg(placeholder));
    else
        m_hint->setText(tr("Paste into %1 and replace %2 with your keys and your video gateway (OpenAI "
                           "serves the images; a gateway serves video).")
                            .arg(config->pasteInto, placeholder));
}

} // namespace Sanzaru::Ui
