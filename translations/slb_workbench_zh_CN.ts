<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ConfigField</name>
    <message>
        <location filename="configfieldhelp.h" line="+12"/>
        <source>network: cnn, lenet5, resnet20, vgg_small, resnet18</source>
        <translation>网络：cnn、lenet5、resnet20、vgg_small、resnet18</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>fp (float), slb or lsq</source>
        <translation>fp（浮点）、slb 或 lsq</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>weight bits (SLB: 1, 2, 3, 4, 8; LSQ: 2..8)</source>
        <translation>权重比特数（SLB：1、2、3、4、8；LSQ：2..8）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>activation bits (32: float activations)</source>
        <translation>激活比特数（32：浮点激活）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>activation quantizer: auto (SLB: dorefa, LSQ: lsq), none, dorefa, pact, lsq</source>
        <translation>激活量化器：auto（SLB：dorefa，LSQ：lsq）、none、dorefa、pact、lsq</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>first conv: auto (SLB: float, LSQ: 8bit), float, 8bit, quant</source>
        <translation>第一个卷积层：auto（SLB：float，LSQ：8bit）、float、8bit、quant</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>classifier: auto (SLB: float, LSQ: 8bit), float, 8bit, quant</source>
        <translation>分类层：auto（SLB：float，LSQ：8bit）、float、8bit、quant</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>bits of first/last layers kept at 8bit</source>
        <translation>首层/末层设为 8bit 时使用的比特数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>state BN discrete statistics: calibration (after each epoch) or iteration</source>
        <translation>状态 BN 的离散统计量：calibration（每轮结束后校准）或 iteration（逐迭代）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>batches of BN calibration (0: as many as the test set has)</source>
        <translation>BN 校准使用的批数（0：与测试集的批数相同）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>initial clip value α of PACT</source>
        <translation>PACT 的初始截断值 α</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>fashion-mnist, mnist, cifar10 or synthetic</source>
        <translation>fashion-mnist、mnist、cifar10 或 synthetic</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>dataset folder (default: the dataset&apos;s own)</source>
        <translation>数据集文件夹（默认：该数据集自己的位置）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>use only the first N training images (0: all)</source>
        <translation>只使用前 N 张训练图像（0：全部）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>use only the first N test images (0: all)</source>
        <translation>只使用前 N 张测试图像（0：全部）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>random crop + flip: auto (cifar10 only), on, off</source>
        <translation>随机裁剪 + 翻转：auto（仅 cifar10）、on、off</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>training epochs</source>
        <translation>训练轮数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>training batch size</source>
        <translation>训练批大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>evaluation batch size</source>
        <translation>评估批大小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sgd or adam</source>
        <translation>sgd 或 adam</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>peak learning rate</source>
        <translation>峰值学习率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cosine, step or constant</source>
        <translation>cosine、step 或 constant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>learning rate changes every iteration or every epoch</source>
        <translation>学习率按每次迭代（iteration）或每轮（epoch）变化</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cosine: final learning rate</source>
        <translation>cosine：最终学习率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>step: epochs (or fractions &lt; 1 of the run) where lr is multiplied by lr_gamma</source>
        <translation>step：学习率乘以 lr_gamma 的轮次（或小于 1 的运行进度比例）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>step: factor at each milestone</source>
        <translation>step：每个里程碑处的乘数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>linear learning-rate warm-up, in epochs</source>
        <translation>学习率线性预热的轮数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SGD momentum</source>
        <translation>SGD 动量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nesterov momentum</source>
        <translation>Nesterov 动量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>L2 weight decay</source>
        <translation>L2 权重衰减</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>weight decay on SLB&apos;s auxiliary tensors A</source>
        <translation>对 SLB 的辅助张量 A（概率矩阵的参数）做权重衰减</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>weight decay on BN parameters and biases</source>
        <translation>对 BN 参数和偏置做权重衰减</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>weight decay on LSQ step sizes and PACT α</source>
        <translation>对 LSQ 步长和 PACT α 做权重衰减</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>label smoothing ε</source>
        <translation>标签平滑 ε</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Adam β1</source>
        <translation>Adam β1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Adam β2</source>
        <translation>Adam β2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SLB temperature schedule: exp, linear, sin, factor, constant</source>
        <translation>SLB 温度因子调度：exp、linear、sin、factor、constant</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>temperature changes every iteration or every epoch</source>
        <translation>温度因子按每次迭代（iteration）或每轮（epoch）变化</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>exp/linear/sin: first inverse temperature Ts</source>
        <translation>exp/linear/sin：初始温度因子 Ts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>exp/linear/sin: last inverse temperature Te</source>
        <translation>exp/linear/sin：最终温度因子 Te</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>exp/linear/sin: fraction of epochs where the hard phase starts (&lt;= 0: none)</source>
        <translation>exp/linear/sin：硬阶段开始处占总轮数的比例（&lt;= 0：无硬阶段）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>factor: initial inverse temperature T0</source>
        <translation>factor：初始温度因子 T0</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>factor: growth per epoch f</source>
        <translation>factor：每轮的增长倍数 f</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>factor: T starts growing at ⌊E·this⌋</source>
        <translation>factor：T 从第 ⌊E·此值⌋ 轮开始增长</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>factor: T stops growing and the hard phase starts at ⌊E·this⌋</source>
        <translation>factor：T 在第 ⌊E·此值⌋ 轮停止增长，硬阶段开始</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>factor: train with W_q from ⌊E·end⌋ on</source>
        <translation>factor：从第 ⌊E·end⌋ 轮起用 W_q 训练</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>random seed (weights, shuffling, augmentation)</source>
        <translation>随机种子（权重、打乱顺序、数据增强）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CPU threads (0: one per core)</source>
        <translation>CPU 线程数（0：每个核心一个）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>auto, cpu, cuda or cuda:N</source>
        <translation>auto、cpu、cuda 或 cuda:N</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>run folder (default: runs/&lt;time&gt;-&lt;model&gt;-&lt;method&gt;)</source>
        <translation>运行文件夹（默认：runs/&lt;time&gt;-&lt;model&gt;-&lt;method&gt;）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>start from this model file&apos;s float weights</source>
        <translation>从此模型文件的浮点权重开始</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>float model file to distil from (LSQ §3.7)</source>
        <translation>用于知识蒸馏的浮点教师模型文件（LSQ §3.7）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>weight of the distillation term</source>
        <translation>蒸馏项的权重</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>steps between layer snapshots</source>
        <translation>层快照之间间隔的步数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>NHWC memory format for convolutions</source>
        <translation>卷积使用 NHWC 内存格式</translation>
    </message>
</context>
<context>
    <name>CurvesOverlay</name>
    <message>
        <location filename="../widgets/curvesoverlay.cpp" line="+32"/>
        <source>%1 %</source>
        <translation>%1%</translation>
    </message>
    <message>
        <location line="+42"/>
        <location line="+257"/>
        <source>test W_q</source>
        <translation>测试 W_q</translation>
    </message>
    <message>
        <location line="-256"/>
        <source>test W_c</source>
        <translation>测试 W_c</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>%1 is not overlaid: %2</source>
        <translation>%1 未叠加：%2</translation>
    </message>
    <message>
        <location line="+121"/>
        <source>step</source>
        <translation>步数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>training time (h:mm:ss)</source>
        <translation>训练时间 (h:mm:ss)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>training time (min:s)</source>
        <translation>训练时间 (min:s)</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>test W_q / test accuracy</source>
        <translation>测试 W_q / 测试精度</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>step %1</source>
        <translation>第 %1 步</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>epoch %1</source>
        <translation>轮次 %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>training time %1</source>
        <translation>训练时间 %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1: loss %2 · W_q %3 · W_c %4</source>
        <translation>%1：损失 %2 · W_q %3 · W_c %4</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1: loss %2 · test %3</source>
        <translation>%1：损失 %2 · 测试 %3</translation>
    </message>
</context>
<context>
    <name>ImageExport</name>
    <message>
        <location filename="../widgets/window/imageexport.cpp" line="+67"/>
        <source>Cannot write %1 (%2): choose another folder or make it writable.</source>
        <translation>无法写入 %1（%2）：请选择其他文件夹，或使其可写。</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Cannot export %1: the panel has no size</source>
        <translation>无法导出 %1：面板没有尺寸</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>the PDF cannot be started</source>
        <translation>无法开始生成 PDF</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>the SVG cannot be started</source>
        <translation>无法开始生成 SVG</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>the image is too large</source>
        <translation>图像过大</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <location filename="../widgets/window/language.cpp" line="+133"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;System default (%1)</source>
        <translation>跟随系统(&amp;S) (%1)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SLB Workbench will use the new language the next time it starts.</source>
        <translation>SLB Workbench 将在下次启动时使用新的语言。</translation>
    </message>
</context>
<context>
    <name>LayerHeatmap</name>
    <message>
        <location filename="../widgets/layerheatmap.cpp" line="+151"/>
        <source>%1 %</source>
        <translation>%1%</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>share of weights (√ scale)</source>
        <translation>权重占比（√ 刻度）</translation>
    </message>
</context>
<context>
    <name>Preset</name>
    <message>
        <location filename="presettexts.h" line="+12"/>
        <source>One-minute demo</source>
        <translation>一分钟演示</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SLB with 2-bit weights and float activations on a small CNN, Fashion-MNIST, 3 epochs: about a minute on two cores (54 s headless here, 3,400–3,900 images/s). T grows exponentially every iteration from 1 to 1000, so the weight distributions visibly sharpen to one-hot and W_c meets W_q by the end: measured W_c 89.73 %, W_q 89.65 %, the same in the workbench and in slb-train. Weight decay 0 (on the float first conv and classifier it cost about 0.5 pt in a 5-epoch W2 run). Snapshots every 25 steps for smooth distribution plots.</source>
        <translation>在小型 CNN 上用 SLB 训练 2 比特权重、浮点激活，数据集 Fashion-MNIST，3 轮：在两个核心上约一分钟（此处无界面运行 54 秒，3,400–3,900 图像/秒）。温度因子 T 每次迭代按指数从 1 增长到 1000，权重分布明显变陡峭，直至 one-hot 分布，到结束时 W_c 与 W_q 重合：实测 W_c 89.73%，W_q 89.65%，工作台与 slb-train 中结果相同。权重衰减为 0（在浮点的第一个卷积层和分类层上，它在一次 5 轮的 W2 运行中损失约 0.5 个百分点）。每 25 步一个快照，分布图更平滑。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Guided demo (with captions)</source>
        <translation>引导演示（带字幕）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The one-minute demo with a hard phase, narrated: captions across the window explain each phase as it happens (soft search at low T, T rising and the distributions sharpening, weights committing, the hard phase, state BN calibration, the final W_c against W_q). SLB, 2-bit weights, float activations, CNN, Fashion-MNIST, 3 epochs; T exp per iteration from 1 to 1000; the third epoch trains W_q itself. Measured in the workbench: W_c 89.37 %, W_q 89.28 %. Run ▸ Guided demo (Ctrl+D) starts it; tick &quot;Pause at each new caption&quot; to stop on each one.</source>
        <translation>加入硬阶段并配有讲解的一分钟演示：横跨窗口的字幕在每个阶段发生时进行讲解（低 T 下的软搜索、T 升高与分布变陡峭、权重确定取值、硬阶段、状态 BN 校准、最终 W_c 与 W_q 的对比）。SLB，2 比特权重，浮点激活，CNN，Fashion-MNIST，3 轮；T 每次迭代按 exp 从 1 增长到 1000；第三轮直接训练 W_q。用“运行 ▸ 引导演示”(Ctrl+D) 启动；勾选“每条新字幕处暂停”可在每条字幕处停下。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>SLB binary weights (W1)</source>
        <translation>SLB 二值权重 (W1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SLB with weights in {−1, +1} on the CNN, Fashion-MNIST, 5 epochs, float activations: measured W_c 90.50 %, W_q 90.54 %. Binary is the hardest case: compare its W_q accuracy with W2 and W4. T: exp per iteration from 1 to 1000, as the paper&apos;s §4.1 exp scheduler, sharp enough to close the W_c/W_q gap without a hard phase. Weight decay 0 (it cost about 0.5 pt on the float layers in a 5-epoch W2 run).</source>
        <translation>在 CNN 上用 SLB 训练取值为 {−1, +1} 的权重，Fashion-MNIST，5 轮，浮点激活：实测 W_c 90.50%，W_q 90.54%。二值是最难的情况：可把它的 W_q 精度与 W2、W4 比较。T：每次迭代按 exp 从 1 增长到 1000，即论文 §4.1 的 exp 调度器，足够陡峭，无需硬阶段就能消除 W_c/W_q 差距。权重衰减为 0（在一次 5 轮的 W2 运行中，它在浮点层上损失约 0.5 个百分点）。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>SLB 2-bit weights (W2)</source>
        <translation>SLB 2 比特权重 (W2)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SLB with weights in {−1, −⅓, ⅓, 1} on the CNN, Fashion-MNIST, 5 epochs, float activations: measured W_c 90.89 %, W_q 90.95 % with weight decay 0 (with the default 5e-4: 90.35 % / 90.30 %). T: exp per iteration from 1 to 1000 (paper §4.1&apos;s exp scheduler).</source>
        <translation>在 CNN 上用 SLB 训练取值为 {−1, −⅓, ⅓, 1} 的权重，Fashion-MNIST，5 轮，浮点激活：权重衰减为 0 时实测 W_c 90.89%，W_q 90.95%（用默认的 5e-4 时为 90.35% / 90.30%）。T：每次迭代按 exp 从 1 增长到 1000（论文 §4.1 的 exp 调度器）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>SLB 4-bit weights (W4)</source>
        <translation>SLB 4 比特权重 (W4)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SLB with 16 weight levels on the CNN, Fashion-MNIST, 5 epochs, float activations: measured W_c 91.07 %, W_q 91.08 %, level with the float network (90.75 %); watch 16-way distributions sharpen more slowly than binary ones. T: exp per iteration from 1 to 1000. Weight decay 0, as for W1 and W2.</source>
        <translation>在 CNN 上用 SLB 训练有 16 个量化权值的权重，Fashion-MNIST，5 轮，浮点激活：实测 W_c 91.07%，W_q 91.08%，与浮点网络（90.75%）持平；可以看到 16 个取值上的分布比二值分布变陡峭得更慢。T：每次迭代按 exp 从 1 增长到 1000。权重衰减为 0，与 W1、W2 相同。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>LSQ W2A2</source>
        <translation>LSQ W2A2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>LSQ with 2-bit weights and 2-bit activations on the CNN, Fashion-MNIST, 5 epochs; first conv and classifier at 8 bits (LSQ §2.3). lr 0.01 with cosine decay, LSQ&apos;s recipe for 2-bit networks (§3); from scratch lr 0.1 reached only 83.37 %. Weight decay 1.25e-4: LSQ §3.1 found 2-bit networks best with a quarter of the full-precision weight decay (here a quarter of 5e-4). Measured: 86.40 % from scratch; 90.46 % when started from a 5-epoch float model (set init from to a float run&apos;s model.pt, as LSQ does).</source>
        <translation>在 CNN 上用 LSQ 训练 2 比特权重和 2 比特激活，Fashion-MNIST，5 轮；第一个卷积层和分类层为 8 比特（LSQ §2.3）。学习率 0.01，余弦衰减，这是 LSQ 针对 2 比特网络的配方（§3）；从头训练时学习率 0.1 只达到 83.37%。权重衰减 1.25e-4：LSQ §3.1 发现 2 比特网络使用全精度权重衰减的四分之一效果最好（这里是 5e-4 的四分之一）。实测：从头训练 86.40%；从一个训练了 5 轮的浮点模型开始时为 90.46%（与 LSQ 的做法相同，把 init from 设为某个浮点运行的 model.pt）。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>ResNet20 on CIFAR-10 (SLB paper)</source>
        <translation>CIFAR-10 上的 ResNet20（SLB 论文）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The SLB authors&apos; binary-weight ResNet20 recipe (paper §4, Table 1 W1/A32: 90.6 %): 500 epochs, SGD lr 0.1, batch 100, weight decay 1e-4 (authors&apos; README); lr ×0.1 at epochs 350, 440 and 475 (paper §4). T as in the authors&apos; code: ×1.04 per epoch from epoch 200 to 450 (README: speed 1.04 for W1/A32, start 0.4, end 0.9), then the hard phase; paper §4.1&apos;s exp 0.01 → 10 per iteration is the alternative. Many hours on a CPU; a GPU device helps. Choose the folder with the CIFAR-10 binary batches under data dir.</source>
        <translation>SLB 作者的二值权重 ResNet20 配方（论文 §4，表 1 W1/A32：90.6%）：500 轮，SGD 学习率 0.1，批大小 100，权重衰减 1e-4（作者的 README）；在第 350、440 和 475 轮学习率 ×0.1（论文 §4）。T 与作者代码相同：从第 200 轮到第 450 轮每轮 ×1.04（README：W1/A32 的 speed 为 1.04，start 0.4，end 0.9），之后进入硬阶段；另一种选择是论文 §4.1 的 exp 调度，每次迭代从 0.01 增长到 10。在 CPU 上需要好几个小时；用 GPU 设备会快很多。请在 data dir 中选择包含 CIFAR-10 二进制批文件的文件夹。</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <location filename="../widgets/window/statusbarwidgets.cpp" line="+16"/>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
</context>
<context>
    <name>WorkbenchOptions</name>
    <message>
        <location filename="../widgets/window/workbenchoptions.cpp" line="+12"/>
        <source>Train low-bit networks with SLB and LSQ, and watch them learn.</source>
        <translation>用 SLB 和 LSQ 训练低比特网络，并观察它们的学习过程。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Open with this preset (e.g. demo).</source>
        <translation>以此预设打开（例如 demo）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Set a config field, like slb-train&apos;s flags (repeatable).</source>
        <translation>设置一个配置字段，与 slb-train 的参数相同（可重复）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Launch the run at once.</source>
        <translation>立即启动运行。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Train with this many data-parallel processes (1 to 64).</source>
        <translation>以这么多个数据并行进程训练（1 到 64）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Save screenshots of the window and each panel into this folder, mid-run and at the end.</source>
        <translation>在运行中途和结束时，把窗口和各面板的截图保存到此文件夹。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>File name prefix of the screenshots.</source>
        <translation>截图文件名的前缀。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Share of the run after which mid-run screenshots are taken.</source>
        <translation>运行进行到此比例时截取中途截图。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Write images/s and GUI frame times as JSON here when the run ends.</source>
        <translation>运行结束时，把图像/秒和界面帧时间以 JSON 写入此文件。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Quit when the run has ended.</source>
        <translation>运行结束后退出。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ignore the saved window layout and last config.</source>
        <translation>忽略已保存的窗口布局和上次的配置。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Replay the run in this folder (followed live while another process writes it).</source>
        <translation>回放此文件夹中的运行（若另一进程仍在写入，则实时跟随）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Colour theme: light or dark.</source>
        <translation>配色主题：light（浅色）或 dark（深色）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Run the guided demo: a short SLB run with captions.</source>
        <translation>运行引导演示：一次带字幕讲解的简短 SLB 运行。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Language of the window: %1 (default: the choice in View ▸ Language, else the system&apos;s).</source>
        <translation>窗口语言：%1（默认：“视图 ▸ 语言”中的选择，否则跟随系统）。</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>--processes: a whole number from 1 to 64, got %1</source>
        <translation>--processes：应为 1 到 64 的整数，得到的是 %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>--capture-at: a share between 0 and 1, got %1</source>
        <translation>--capture-at：应为 0 到 1 之间的比例，实际为 %1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>--theme: light or dark, got &apos;%1&apos;</source>
        <translation>--theme：应为 light 或 dark，实际为“%1”</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>--lang: no &apos;%1&apos; translation; choose one of: %2</source>
        <translation>--lang：没有“%1”的翻译；可选：%2</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>--set takes key=value, got &apos;%1&apos;</source>
        <translation>--set 需要 key=value，实际为“%1”</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>unexpected argument &apos;%1&apos;</source>
        <translation>多余的参数“%1”</translation>
    </message>
</context>
<context>
    <name>slb</name>
    <message>
        <location filename="../widgets/window/runexporter.cpp" line="+43"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>No destination folder: choose one.</source>
        <translation>没有目标文件夹：请选择一个。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cannot create the folder %1: choose another folder or make it writable.</source>
        <translation>无法创建文件夹 %1：请选择其他文件夹，或使其可写。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cannot write into the folder %1 (%2): choose another folder or make it writable.</source>
        <translation>无法写入文件夹 %1（%2）：请选择其他文件夹，或使其可写。</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Cannot create %1: choose another folder or make it writable.</source>
        <translation>无法创建 %1：请选择其他文件夹，或使其可写。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>%1 has no model or checkpoint yet: export again when an epoch has ended</source>
        <translation>%1 还没有模型或检查点：请在一轮结束后再导出</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cannot write %1 (%2): choose another folder or make it writable.</source>
        <translation>无法写入 %1（%2）：请选择其他文件夹，或使其可写。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Copying %1 to %2 failed (disk full?); nothing was written</source>
        <translation>把 %1 复制到 %2 失败（磁盘已满？）；未写入任何内容</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>%1 has no model yet: export again when an epoch has ended</source>
        <translation>%1 还没有模型：请在一轮结束后再导出</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>%1: %2 KiB (float32 %3 KiB, ×%4 smaller)</source>
        <translation>%1：%2 KiB（float32 为 %3 KiB，缩小 %4 倍）</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Nothing to export: choose images, data or the model.</source>
        <translation>没有要导出的内容：请选择图像、数据或模型。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Writing the distributions…</source>
        <translation>正在写入概率分布…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Writing the TensorBoard event file…</source>
        <translation>正在写入 TensorBoard 事件文件…</translation>
    </message>
</context>
<context>
    <name>slb::CaptionBar</name>
    <message>
        <location filename="../widgets/captionbar.cpp" line="+42"/>
        <source>Paused on this caption: press Resume (Space) to go on.</source>
        <translation>已在此字幕处暂停：按“继续”（空格键）接着运行。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Pause at each new caption</source>
        <translation>每条新字幕处暂停</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Training pauses whenever the demo reaches a new phase, so that it can be explained; Resume (Space) goes on.</source>
        <translation>演示每进入一个新阶段，训练就会暂停，以便讲解；按“继续”（空格键）接着运行。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Larger text</source>
        <translation>大字号</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Caption text large enough to read from the back of a room</source>
        <translation>字幕字号足够大，在教室后排也能看清</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close demo captions</source>
        <translation>关闭演示字幕</translation>
    </message>
</context>
<context>
    <name>slb::ConfigFieldEditor</name>
    <message>
        <location filename="../widgets/configfieldeditor.cpp" line="+92"/>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose a folder</source>
        <translation>选择文件夹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose a file</source>
        <translation>选择文件</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>slb-train flag: %1 (default: %2)</source>
        <translation>slb-train 参数：%1（默认：%2）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location line="+117"/>
        <source>Choose the folder for %1</source>
        <translation>为 %1 选择文件夹</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Choose the file for %1</source>
        <translation>为 %1 选择文件</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Models (*.pt);;All files (*)</source>
        <translation>模型 (*.pt);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>slb::ConfigForm</name>
    <message>
        <location filename="../widgets/configform.cpp" line="+41"/>
        <source>the CIFAR-10 binary batches (data_batch_1.bin … test_batch.bin)</source>
        <translation>CIFAR-10 二进制批文件（data_batch_1.bin … test_batch.bin）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the IDX files (train-images-idx3-ubyte.gz …)</source>
        <translation>IDX 文件（train-images-idx3-ubyte.gz …）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>data_dir: %1 needs a folder: there is none at %2. Choose the folder that holds %3.</source>
        <translation>data_dir：%1 需要一个文件夹，但 %2 处没有。请选择包含 %3 的文件夹。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>data_dir: no %1 data in %2. Choose the folder that holds %3.</source>
        <translation>data_dir：%2 中没有 %1 数据。请选择包含 %3 的文件夹。</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>Model and quantization</source>
        <translation>模型与量化</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>SLB temperature</source>
        <translation>SLB 温度因子</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Run</source>
        <translation>运行</translation>
    </message>
</context>
<context>
    <name>slb::CurvesPanel</name>
    <message>
        <location filename="../widgets/curvespanel.cpp" line="+110"/>
        <source>Smoothing</source>
        <translation>平滑</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Exponential moving average of the per-batch curves (as in TensorBoard); the raw values stay drawn faintly behind</source>
        <translation>对逐批曲线做指数滑动平均（与 TensorBoard 相同）；原始值以浅色画在后面</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Log y</source>
        <translation>对数 y</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Logarithmic y axis for the loss and the learning rate</source>
        <translation>损失和学习率使用对数 y 轴</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Ignore outliers</source>
        <translation>忽略离群值</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Autoscale the y axes to the bulk of the data, leaving lone spikes outside</source>
        <translation>按大部分数据自动缩放 y 轴，个别尖峰留在范围外</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Follow</source>
        <translation>跟随</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Show the whole run so far and autoscale; zooming or dragging switches it off</source>
        <translation>显示迄今为止的整个运行并自动缩放；缩放或拖动时关闭</translation>
    </message>
    <message>
        <location line="+54"/>
        <location filename="../widgets/curvespaneloverlay.cpp" line="+47"/>
        <location line="+83"/>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>train loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>accuracy (%)</source>
        <translation>精度 (%)</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+17"/>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <location line="-9"/>
        <location line="+3"/>
        <source>per batch</source>
        <translation>逐批</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>train (smoothed)</source>
        <translation>训练（平滑）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>train, per batch (smoothed)</source>
        <translation>训练，逐批（平滑）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>train, epoch</source>
        <translation>训练，每轮</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+211"/>
        <source>test W_c (soft)</source>
        <translation>测试 W_c（连续）</translation>
    </message>
    <message>
        <location line="-210"/>
        <source>test W_q (discrete)</source>
        <translation>测试 W_q（离散）</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Wheel: zoom · drag: pan · double-click: follow the run again</source>
        <translation>滚轮：缩放 · 拖动：平移 · 双击：重新跟随运行</translation>
    </message>
    <message>
        <location line="+177"/>
        <source>test accuracy</source>
        <translation>测试精度</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>The ticked runs have no training steps yet</source>
        <translation>勾选的运行还没有训练步</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Waiting for the first training steps…</source>
        <translation>正在等待最初的训练步…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Launch a run to see its curves</source>
        <translation>启动一次运行以查看其曲线</translation>
    </message>
    <message>
        <location filename="../widgets/curvespaneloverlay.cpp" line="-89"/>
        <source>Tick or untick runs in the Runs dock (F8); untick them all to see the current run again</source>
        <translation>在“运行记录”停靠栏 (F8) 中勾选或取消勾选运行；全部取消勾选即可重新查看当前运行</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Align by</source>
        <translation>对齐方式</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>step</source>
        <translation>步数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>training time</source>
        <translation>训练时间</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Put the runs side by side by global step, by epoch (runs of different lengths end together) or by training time (what a faster method buys)</source>
        <translation>按全局步数、按轮次（长度不同的运行同时结束）或按训练时间（看出更快的方法省下多少时间）并排比较运行</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Showing 1 ticked run</source>
        <translation>显示 1 个勾选的运行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Comparing %1 ticked runs</source>
        <translation>正在比较 %1 个勾选的运行</translation>
    </message>
    <message>
        <location filename="../widgets/curvespanelview.cpp" line="+34"/>
        <source>%1 %</source>
        <translation>%1%</translation>
    </message>
    <message>
        <location line="+107"/>
        <source>epoch %1 · step %2</source>
        <translation>轮次 %1 · 第 %2 步</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>train loss %1 (batch %2)</source>
        <translation>训练损失 %1（第 %2 批）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>train accuracy %1 (batch %2)</source>
        <translation>训练精度 %1（第 %2 批）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>test W_c %1, W_q %2 (epoch %3)</source>
        <translation>测试 W_c %1，W_q %2（第 %3 轮）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>test accuracy %1 (epoch %2)</source>
        <translation>测试精度 %1（第 %2 轮）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>learning rate %1</source>
        <translation>学习率 %1</translation>
    </message>
</context>
<context>
    <name>slb::DemoNarrator</name>
    <message>
        <location filename="../widgets/demonarrator.cpp" line="+133"/>
        <source>Guided demo: SLB searches for low-bit weights</source>
        <translation>引导演示：SLB 搜索低比特权重</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A %1‑bit CNN learns Fashion-MNIST. Each weight is not one number but a softmax over the %2 values of V: its probabilities are the bars in Distributions. T, the inverse temperature, decides how sharp they are.</source>
        <translation>一个 %1 比特的 CNN 正在学习 Fashion-MNIST。每个权重不是一个数，而是 V 中 %2 个量化权值上的 softmax 分布：这些概率就是“概率分布”面板中的柱条。温度因子 T（逆温度）决定分布有多陡峭。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Soft search at low T</source>
        <translation>低 T 下的软搜索</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Every weight is still a blend of all values of V, and the network trains with W_c, the expectation Σ p·v, so the gradient reaches every probability. The heatmap in Distributions is spread out: no weight has chosen yet.</source>
        <translation>每个权重仍是 V 中所有量化权值的混合，网络用 W_c（期望 Σ p·v）训练，因此梯度能传到每个概率。“概率分布”中的热图还很分散：还没有权重做出选择。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>T is rising: the distributions sharpen</source>
        <translation>T 在升高：分布变得陡峭</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>softmax(A·T) grows sharper as T grows, so each weight leans towards one value of V. Watch the max-probability heatmap move to the right and the mean max P climb in Temperature.</source>
        <translation>T 增大时 softmax(A·T) 越来越陡峭，每个权重都偏向 V 中的某一个量化权值。请看最大概率热图向右移动，以及“温度因子”面板中平均最大 P 的上升。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Weights are committing</source>
        <translation>权重正在确定取值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 % of the weights now put more than 99.9 % of their probability on one value. W_c and W_q, the network of argmax values, are becoming the same network: the gap ‖W_q − W_c‖ in Temperature falls towards 0.</source>
        <translation>现在 %1% 的权重把超过 99.9% 的概率放在同一个量化权值上。W_c 与 W_q（取 argmax 值的网络）正在变成同一个网络：“温度因子”面板中的差距 ‖W_q − W_c‖ 逐渐降向 0。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>From here the network trains with the discrete W_q itself, while T keeps rising: what it learns now is exactly what the %1‑bit model will compute.</source>
        <translation>从这里起，网络直接用离散的 W_q 训练，同时 T 继续升高：它现在学到的，正是 %1 比特模型将要计算的。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The %1‑bit network is as accurate as its continuous relaxation (a gap of %2 points): the search ended with the weights committed, so W_q is the network W_c became.</source>
        <translation>%1 比特网络的精度与其连续松弛相当（差距 %2 个百分点）：搜索结束时权重均已确定取值，W_q 就是 W_c 最终变成的网络。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The %1‑bit network is %2 points from its continuous relaxation: not every weight committed. A higher final T or a hard phase closes the gap.</source>
        <translation>%1 比特网络与其连续松弛相差 %2 个百分点：并非所有权重都已确定取值。提高最终的 T 或加入硬阶段可以缩小这一差距。</translation>
    </message>
    <message>
        <location line="-24"/>
        <source>The hard phase</source>
        <translation>硬阶段</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>End of epoch %1 of %2: state BN calibration</source>
        <translation>第 %1/%2 轮结束：状态 BN 校准</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The network that did not train this epoch (W_q, or W_c in the hard phase) gets its own BatchNorm statistics, averaged over batches of training images; then both networks are tested, and W_c and W_q appear in Curves.</source>
        <translation>本轮未参与训练的网络（W_q，硬阶段中则是 W_c）在若干批训练图像上取平均，得到自己的 BatchNorm 统计量；随后两个网络都进行测试，W_c 和 W_q 的精度出现在“曲线”面板中。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Done: W_c %1 %, W_q %2 %</source>
        <translation>完成：W_c %1%，W_q %2%</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The demo run ended early</source>
        <translation>演示运行提前结束</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Launch the guided demo again to see it through.</source>
        <translation>再次启动引导演示即可看完整个过程。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Now: T = %1, τ = 1/T = %2</source>
        <translation>当前：T = %1，τ = 1/T = %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>, mean max P %1, committed %2 %</source>
        <translation>，平均最大 P %1，已确定 %2%</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>, last test: W_c %1 %, W_q %2 %</source>
        <translation>，最近一次测试：W_c %1%，W_q %2%</translation>
    </message>
</context>
<context>
    <name>slb::DistributionsPanel</name>
    <message>
        <location filename="../widgets/distributionspanel.cpp" line="+35"/>
        <source>Overview</source>
        <translation>总览</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Layer:</source>
        <translation>层：</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Max P of the weights, over time</source>
        <translation>权重的最大概率 P 随时间变化</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>max P of a weight</source>
        <translation>单个权重的最大 P</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <location line="+87"/>
        <source>%1 · %2 bit · %3 weights</source>
        <translation>%1 · %2 比特 · %3 个权重</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Launch an SLB run to watch its weight distributions sharpen</source>
        <translation>启动一次 SLB 运行，观察权重分布逐渐变陡峭</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>LSQ</source>
        <translation>LSQ</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>full precision (no quantized weights)</source>
        <translation>全精度（没有量化权重）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>SLB, but no layer is quantized with it</source>
        <translation>SLB，但没有任何层用它量化</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Distributions are an SLB view: this run uses %1</source>
        <translation>概率分布是 SLB 的视图：本次运行使用的是 %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Waiting for the first snapshot of the weight distributions…</source>
        <translation>正在等待权重分布的第一个快照…</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Mean P per value of V · step %1</source>
        <translation>V 中各量化权值的平均 P · 第 %1 步</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mean P per value of V</source>
        <translation>V 中各量化权值的平均 P</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>P of tracked weights · step %1</source>
        <translation>跟踪权重的概率 P · 第 %1 步</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Tracked weights</source>
        <translation>跟踪的权重</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>T = %1 · τ = 1/T = %2</source>
        <translation>T = %1 · τ = 1/T = %2</translation>
    </message>
</context>
<context>
    <name>slb::ExperimentPanel</name>
    <message>
        <location filename="../widgets/experimentpanel.cpp" line="+41"/>
        <source>Click to show the field</source>
        <translation>点击以显示该字段</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>&amp;Preset:</source>
        <translation>预设(&amp;P)：</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Inverse temperature T to hold from the next step on</source>
        <translation>从下一步起保持不变的温度因子 T</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hold &amp;T at</source>
        <translation>保持 &amp;T 为</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Hold T</source>
        <translation>保持 T</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+285"/>
        <source>Switch the run to a constant T (temp schedule constant)</source>
        <translation>把运行切换为恒定的 T（temp schedule 设为 constant）</translation>
    </message>
    <message>
        <location line="-284"/>
        <source>Apply to the run</source>
        <translation>应用到运行</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Send the changed learning rate and temperature fields to the paused run</source>
        <translation>把修改过的学习率和温度因子字段发送给已暂停的运行</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Data-parallel training: processes on this machine, each on its shard of every batch, gradients averaged after backward (the batch size stays the whole batch). The cores are shared out among them.</source>
        <translation>数据并行训练：本机上的进程数，每个进程训练每个批次中属于自己的一份，反向传播后对梯度求平均（批大小仍是整个批次）。CPU 核心在它们之间均分。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>P&amp;rocesses:</source>
        <translation>进程数(&amp;R)：</translation>
    </message>
    <message>
        <location line="+90"/>
        <source>The run&apos;s config is fixed while it trains. Pause it to change its learning rate or temperature.</source>
        <translation>训练期间运行的配置固定不变。暂停后才能修改学习率或温度因子。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Paused. Change the learning rate or the temperature fields and apply them to the run, or hold T at a value.</source>
        <translation>已暂停。可修改学习率或温度因子字段并应用到运行，或把 T 保持在某个值。</translation>
    </message>
    <message>
        <location line="+105"/>
        <source>%1 (edited)</source>
        <translation>%1（已修改）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>slb-train defaults</source>
        <translation>slb-train 默认值</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Custom config</source>
        <translation>自定义配置</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The defaults of slb-train; pick a preset above for a recipe with its reasons.</source>
        <translation>slb-train 的默认值；在上方选择一个预设，可得到附有理由说明的配方。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>T applies to SLB runs only</source>
        <translation>T 仅适用于 SLB 运行</translation>
    </message>
</context>
<context>
    <name>slb::ExportDialog</name>
    <message>
        <location filename="../widgets/window/exportdialog.cpp" line="+41"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Images of the panels</source>
        <translation>面板图像(&amp;I)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The current panel</source>
        <translation>当前面板</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The current panel (%1)</source>
        <translation>当前面板（%1）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>All panels, one file each: curves, temperature, distributions, step sizes and the window</source>
        <translation>所有面板，每个一个文件：曲线、温度因子、概率分布、步长和整个窗口</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>PNG</source>
        <translation>PNG</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PDF (vector)</source>
        <translation>PDF（矢量）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SVG (vector)</source>
        <translation>SVG（矢量）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 dpi</source>
        <translation>%1 dpi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PNG resolution: 96 dpi is the size on screen, 300 dpi for print</source>
        <translation>PNG 分辨率：96 dpi 为屏幕上的尺寸，300 dpi 适合打印</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resolution:</source>
        <translation>分辨率：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Metrics as CSV and JSON (metrics.csv, metrics.json)</source>
        <translation>指标(&amp;M)：CSV 和 JSON（metrics.csv、metrics.json）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Distributions as CSV: max-probability, mean P per value and v/s histograms per layer and snapshot (distributions.csv)</source>
        <translation>概率分布(&amp;D)：CSV，含每层每个快照的最大概率、各量化权值的平均 P 和 v/s 直方图（distributions.csv）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;TensorBoard event file (tensorboard/)</source>
        <translation>TensorBoard 事件文件(&amp;T)（tensorboard/）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Checkpoint: the run&apos;s model.pt, or its newest checkpoint</source>
        <translation>检查点(&amp;C)：运行的 model.pt，或其最新的检查点</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Packed low-bit model (model/manifest.json, model/model.bin)</source>
        <translation>打包的低比特模型(&amp;P)（model/manifest.json、model/model.bin）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Into folder:</source>
        <translation>导出到文件夹：</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <location line="+92"/>
        <source>Export into folder</source>
        <translation>导出到文件夹</translation>
    </message>
</context>
<context>
    <name>slb::HeatmapGrid</name>
    <message>
        <location filename="../widgets/heatmapgrid.cpp" line="+119"/>
        <source>Every layer&apos;s max P over epochs · 1/m at the bottom, 1 at the top</source>
        <translation>各层最大 P 随轮次的变化 · 底部为 1/m，顶部为 1</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
</context>
<context>
    <name>slb::LayerTrendsPlot</name>
    <message>
        <location filename="../widgets/layertrendsplot.cpp" line="+37"/>
        <source>Mean entropy of P</source>
        <translation>P 的平均熵</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Committed: max P &gt; 0.999</source>
        <translation>已确定取值：最大 P &gt; 0.999</translation>
    </message>
    <message>
        <location line="+22"/>
        <location line="+46"/>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <location line="-29"/>
        <source>nats</source>
        <translation>奈特</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>% of weights</source>
        <translation>权重占比 (%)</translation>
    </message>
    <message>
        <location line="+83"/>
        <source>uniform: log %1</source>
        <translation>均匀分布：log %1</translation>
    </message>
</context>
<context>
    <name>slb::LsqHistogramPlot</name>
    <message>
        <location filename="../widgets/lsqhistogramplot.cpp" line="+82"/>
        <source>v / s in levels (rounded to the nearest integer)</source>
        <translation>v / s，以量化级为单位（四舍五入到最近整数）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>share of values</source>
        <translation>数值占比</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>The quantizer has not seen data yet</source>
        <translation>量化器还没有见过数据</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>↑ %1 % (off the scale)</source>
        <translation>↑ %1%（超出刻度）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>−Qn = %1</source>
        <translation>−Qn = %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Qp = %1</source>
        <translation>Qp = %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>s = %1 · %2 bit %3 · clipped: %4 %</source>
        <translation>s = %1 · %2 比特%3 · 截断：%4%</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>signed</source>
        <translation>有符号</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>unsigned</source>
        <translation>无符号</translation>
    </message>
</context>
<context>
    <name>slb::MainWindow</name>
    <message>
        <location filename="../widgets/window/mainwindow.cpp" line="+38"/>
        <source>SLB Workbench</source>
        <translation>SLB Workbench</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>unknown config field</source>
        <translation>未知的配置字段</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>--set %1: %2</source>
        <translation>--set %1：%2</translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+28"/>
        <location filename="../widgets/window/mainwindowruns.cpp" line="+33"/>
        <source>Cannot open the run</source>
        <translation>无法打开运行</translation>
    </message>
    <message>
        <location line="-19"/>
        <source>Experiment</source>
        <translation>实验</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Runs</source>
        <translation>运行记录</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Distributions (SLB)</source>
        <translation>概率分布 (SLB)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Step sizes (LSQ)</source>
        <translation>步长 (LSQ)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Temperature playground</source>
        <translation>温度因子试验场</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>LSQ playground</source>
        <translation>LSQ 试验场</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>epoch %1: test accuracy W_c %2 %, W_q %3 %</source>
        <translation>第 %1 轮：测试精度 W_c %2%，W_q %3%</translation>
    </message>
    <message>
        <location line="+111"/>
        <source>Paused at step %1: the learning rate and the temperature can be changed in the experiment panel.</source>
        <translation>已在第 %1 步暂停：可在实验面板中修改学习率和温度因子。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Steered at step %1: %2</source>
        <translation>已在第 %1 步调整：%2</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Cannot change the run</source>
        <translation>无法修改运行</translation>
    </message>
    <message>
        <location filename="../widgets/window/mainwindowactions.cpp" line="+38"/>
        <source>&amp;Launch</source>
        <translation>启动(&amp;L)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Train the experiment panel&apos;s config (Ctrl+R)</source>
        <translation>用实验面板中的配置开始训练 (Ctrl+R)</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+68"/>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <location line="-66"/>
        <source>Pause or resume training (Space)</source>
        <translation>暂停或继续训练（空格键）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Stop</source>
        <translation>停止(&amp;S)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stop training; the run keeps a checkpoint and can be resumed (Ctrl+.)</source>
        <translation>停止训练；运行会保留检查点，之后可以继续 (Ctrl+.)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export plots, metrics or the packed model (Ctrl+E)</source>
        <translation>导出图表、指标或打包模型 (Ctrl+E)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Continue a stopped run…</source>
        <translation>继续已停止的运行(&amp;C)…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Continue the run in folder</source>
        <translation>继续此文件夹中的运行</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Open a run…</source>
        <translation>打开运行(&amp;O)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Replay a recorded run, or follow one that is being written (Ctrl+O)</source>
        <translation>回放已记录的运行，或跟随正在写入的运行 (Ctrl+O)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Experiment panel</source>
        <translation>实验面板(&amp;E)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Runs</source>
        <translation>运行记录(&amp;R)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;Resume</source>
        <translation>继续(&amp;R)</translation>
    </message>
    <message>
        <location line="+16"/>
        <location filename="../widgets/window/mainwindowruns.cpp" line="+22"/>
        <source>SLB Workbench — %1</source>
        <translation>SLB Workbench — %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The config is not valid</source>
        <translation>配置无效</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Cannot launch the run</source>
        <translation>无法启动运行</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Recording into %1</source>
        <translation>正在记录到 %1</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>stopped: continue with Run ▸ Continue, or slb-train resume %1</source>
        <translation>已停止：可用“运行 ▸ 继续”或 slb-train resume %1 继续</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>diverged</source>
        <translation>已发散</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Run %1 %2. %3</source>
        <translation>运行 %1 %2。%3</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The run %1</source>
        <translation>运行%1</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>A run is training</source>
        <translation>有运行正在训练</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop the run and quit? It keeps a checkpoint: continue it later with Run ▸ Continue a stopped run, or slb-train resume %1</source>
        <translation>停止运行并退出？运行会保留检查点：之后可用“运行 ▸ 继续已停止的运行”或 slb-train resume %1 继续。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Stopping the run: the window closes when it is saved.</source>
        <translation>正在停止运行：保存完成后窗口将关闭。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Export cancelled: %1</source>
        <translation>导出已取消：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Exported %n file(s) into %1</source>
        <translation>
            <numerusform>已导出 %n 个文件到 %1</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>; view the event file with tensorboard --logdir %1</source>
        <translation>；可用 tensorboard --logdir %1 查看事件文件</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>cannot create %1</source>
        <translation>无法创建 %1</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>cannot write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <location filename="../widgets/window/mainwindowdemo.cpp" line="+84"/>
        <source>&amp;Guided demo</source>
        <translation>引导演示(&amp;G)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A short SLB run with captions that explain each phase (Ctrl+D)</source>
        <translation>一次简短的 SLB 运行，配有讲解各阶段的字幕 (Ctrl+D)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Light</source>
        <translation>浅色(&amp;L)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Dark</source>
        <translation>深色(&amp;D)</translation>
    </message>
    <message>
        <location filename="../widgets/window/mainwindowruns.cpp" line="-28"/>
        <source>Open the run in folder</source>
        <translation>打开此文件夹中的运行</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>A run is training here: stop it before opening another one.</source>
        <translation>此处有运行正在训练：请先停止它，再打开其他运行。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Following %1: another process is training it; the panels grow as it does.</source>
        <translation>正在跟随 %1：另一个进程正在训练它；各面板随之增长。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Replaying %1 (%2): drag the timeline to pick a step.</source>
        <translation>正在回放 %1（%2）：拖动时间轴以选择某一步。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Cannot continue the run</source>
        <translation>无法继续运行</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The process training %1 is gone without finishing: the run was interrupted. Its last checkpoint can be continued here.</source>
        <translation>训练 %1 的进程未完成就已退出：运行被中断。可以在这里从它的最后一个检查点继续。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Run interrupted</source>
        <translation>运行已中断</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Continue it here</source>
        <translation>在这里继续</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not now</source>
        <translation>暂不</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 finished.</source>
        <translation>%1 已完成。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
</context>
<context>
    <name>slb::ProbabilityBarsPlot</name>
    <message>
        <location filename="../widgets/probabilitybarsplot.cpp" line="+40"/>
        <source>mean P</source>
        <translation>平均 P</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>share with this argmax</source>
        <translation>argmax 为此值的占比</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>value v of V</source>
        <translation>V 中的量化权值 v</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>probability / share</source>
        <translation>概率 / 占比</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>uniform 1/m = %1</source>
        <translation>均匀分布 1/m = %1</translation>
    </message>
</context>
<context>
    <name>slb::RunBrowser</name>
    <message>
        <location filename="../widgets/runbrowser.cpp" line="+32"/>
        <source>Untick all</source>
        <translation>全部取消勾选</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Double-click a run to replay it in every panel; tick runs to overlay their curves and compare them</source>
        <translation>双击一个运行，在所有面板中回放它；勾选多个运行，可叠加它们的曲线进行比较</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Filter: name, model, method, status…</source>
        <translation>筛选：名称、模型、方法、状态…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Folder…</source>
        <translation>文件夹…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Untick every run: Curves shows the current run again</source>
        <translation>取消勾选所有运行：“曲线”重新显示当前运行</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Replay in every panel</source>
        <translation>在所有面板中回放</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Continue training here</source>
        <translation>在这里继续训练</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Untick (leave the comparison)</source>
        <translation>取消勾选（退出比较）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tick (overlay and compare)</source>
        <translation>勾选（叠加并比较）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the folder&apos;s path</source>
        <translation>复制文件夹路径</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Runs in %1</source>
        <translation>%1 中的运行</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Folder that holds the runs</source>
        <translation>存放运行的文件夹</translation>
    </message>
</context>
<context>
    <name>slb::RunComparison</name>
    <message>
        <location filename="../widgets/runcomparison.cpp" line="+131"/>
        <source>run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>W_c final %</source>
        <translation>W_c 最终 %</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>W_q final %</source>
        <translation>W_q 最终 %</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>W_c best %</source>
        <translation>W_c 最佳 %</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>W_q best %</source>
        <translation>W_q 最佳 %</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>gap W_c − W_q (pp)</source>
        <translation>差距 W_c − W_q (百分点)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>images/s</source>
        <translation>图像/秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>packed (bytes)</source>
        <translation>打包大小 (字节)</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Copy as CSV</source>
        <translation>复制为 CSV</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy as Markdown</source>
        <translation>复制为 Markdown</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Put the table on the clipboard as comma-separated values</source>
        <translation>把表格以逗号分隔值 (CSV) 复制到剪贴板</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Put the table on the clipboard as a Markdown table</source>
        <translation>把表格以 Markdown 表格复制到剪贴板</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Tick runs above to overlay them in Curves and compare them here.</source>
        <translation>勾选上方的运行，即可在“曲线”中叠加它们，并在这里比较。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Same config in all %1 runs.</source>
        <translation>全部 %1 个运行的配置相同。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Config: only the fields that differ.</source>
        <translation>配置：只列出不同的字段。</translation>
    </message>
</context>
<context>
    <name>slb::RunListModel</name>
    <message>
        <location filename="../widgets/runlistmodel.cpp" line="+249"/>
        <source>running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>diverged</source>
        <translation>已发散</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>damaged</source>
        <translation>已损坏</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>needs a newer version</source>
        <translation>需要更新的版本</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>%1
Tick to overlay it in Curves and compare it</source>
        <translation>%1
勾选即可在“曲线”中叠加并比较</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Bits</source>
        <translation>比特</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>W_c final</source>
        <translation>W_c 最终</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>W_q final</source>
        <translation>W_q 最终</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>W_q best</source>
        <translation>W_q 最佳</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>images/s</source>
        <translation>图像/秒</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Packed</source>
        <translation>打包大小</translation>
    </message>
</context>
<context>
    <name>slb::SoftmaxPlayground</name>
    <message>
        <location filename="../widgets/softmaxplayground.cpp" line="+112"/>
        <source>How many values V has: linspace(−1, 1, m)</source>
        <translation>V 中量化权值的个数：linspace(−1, 1, m)</translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%n bit(s)</source>
        <translation>
            <numerusform>%n 比特</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Random logits</source>
        <translation>随机 logit</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Draw this weight&apos;s logits A from N(0, 1)</source>
        <translation>从 N(0, 1) 中抽取这个权重的 logit A</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+204"/>
        <source>Animate along the schedule</source>
        <translation>沿调度播放动画</translation>
    </message>
    <message>
        <location line="-202"/>
        <source>Sweep T as the experiment panel&apos;s temperature schedule plans it</source>
        <translation>按实验面板中温度因子调度的计划扫过 T</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New random layer</source>
        <translation>新的随机层</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Draw the random layer&apos;s logits again</source>
        <translation>重新抽取随机层的 logit</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Values in V:</source>
        <translation>V 中的取值：</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>v in V</source>
        <translation>V 中的 v</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>logit A</source>
        <translation>logit A</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Type a logit to change this weight</source>
        <translation>输入一个 logit 来修改这个权重</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Inverse temperature T, on a log scale from 0.1 to 10,000</source>
        <translation>温度因子 T（逆温度），对数刻度，从 0.1 到 10,000</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>How far the discrete weight W_q is from the continuous W_c</source>
        <translation>离散权重 W_q 与连续权重 W_c 相差多远</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>One weight: softmax(A·T) over V</source>
        <translation>单个权重：V 上的 softmax(A·T)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>P(v) = softmax(A·T)</source>
        <translation>P(v) = softmax(A·T)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>uniform 1/m</source>
        <translation>均匀分布 1/m</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>value v of V  ·  W_c = Σ p·v (solid), W_q = v of the largest logit (dashed)</source>
        <translation>V 中的量化权值 v  ·  W_c = Σ p·v（实线），W_q = logit 最大的 v（虚线）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>probability</source>
        <translation>概率</translation>
    </message>
    <message>
        <location filename="../widgets/softmaxplaygroundlayer.cpp" line="+77"/>
        <source>A random layer (%1 weights) through the schedule: max P of each weight, as the Distributions panel draws a run</source>
        <translation>一个随机层（%1 个权重）经历整个调度：每个权重的最大 P，画法与“概率分布”面板画一次运行相同</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>max P of a weight</source>
        <translation>单个权重的最大 P</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+22"/>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>% committed
(max P &gt; 0.999)</source>
        <translation>已确定取值 %
（最大 P &gt; 0.999）</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>% of weights
at this T</source>
        <translation>此 T 下的
权重占比（%）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>max P of a weight at the slider&apos;s T</source>
        <translation>滑块所选 T 下单个权重的最大 P</translation>
    </message>
    <message>
        <location filename="../widgets/softmaxplayground.cpp" line="+55"/>
        <source>T = %1 · τ = 1/T = %2</source>
        <translation>T = %1 · τ = 1/T = %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> · epoch %1 of %2</source>
        <translation> · 轮次 %1 / %2</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location line="+87"/>
        <source>W_c = %1</source>
        <translation>W_c = %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>W_q = %1</source>
        <translation>W_q = %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>‖W_q − W_c‖ = %1</source>
        <translation>‖W_q − W_c‖ = %1</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>The sweep follows the experiment panel&apos;s temperature schedule: %1 per %2, T from %3 to %4 over %5 epochs of %6 steps.</source>
        <translation>扫描沿用实验面板中的温度因子调度：%1，每个 %2 更新一次；T 在 %5 轮（每轮 %6 步）内从 %3 变到 %4。</translation>
    </message>
</context>
<context>
    <name>slb::StatusBarWidgets</name>
    <message>
        <location filename="../widgets/window/statusbarwidgets.cpp" line="+19"/>
        <source>idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Estimated time left (training only; evaluation comes on top)</source>
        <translation>预计剩余时间（仅训练；评估时间另计）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Training throughput</source>
        <translation>训练吞吐量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Where the network trains</source>
        <translation>网络在哪里训练</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>SLB&apos;s inverse temperature T (P = softmax(A·T)) and the temperature τ = 1/T</source>
        <translation>SLB 的温度因子 T（逆温度，P = softmax(A·T)）和温度 τ = 1/T</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Soft search trains with W_c; the hard phase trains with W_q</source>
        <translation>软搜索用 W_c 训练；硬阶段用 W_q 训练</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>device: %1 · %2 processes × %3 threads (%4)</source>
        <translation>设备：%1 · %2 个进程 × %3 个线程（%4）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>device: %1 · %2 threads</source>
        <translation>设备：%1 · %2 个线程</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>T –</source>
        <translation>T –</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>soft search</source>
        <translation>软搜索</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>epoch %1 · step %2 / %3</source>
        <translation>第 %1 轮 · 第 %2 / %3 步</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>ETA %1</source>
        <translation>剩余 %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 img/s in all %2 processes</source>
        <translation>%2 个进程合计 %1 图像/秒</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 img/s</source>
        <translation>%1 图像/秒</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>T %1 · τ %2</source>
        <translation>T %1 · τ %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>hard phase (W_q)</source>
        <translation>硬阶段 (W_q)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>soft search (W_c)</source>
        <translation>软搜索 (W_c)</translation>
    </message>
</context>
<context>
    <name>slb::StepSizePanel</name>
    <message>
        <location filename="../widgets/stepsizepanel.cpp" line="+32"/>
        <source>Layer:</source>
        <translation>层：</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+161"/>
        <location line="+144"/>
        <source>weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <location line="-304"/>
        <location line="+164"/>
        <source>activations</source>
        <translation>激活</translation>
    </message>
    <message>
        <location line="-28"/>
        <source>%1 bit</source>
        <translation>%1 比特</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 (SLB weights)</source>
        <translation>%1（SLB 权重）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 · %2 · %3 weights</source>
        <translation>%1 · %2 · %3 个权重</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>weights: not LSQ here</source>
        <translation>权重：此处不是 LSQ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This layer&apos;s weights are not quantized with LSQ (SLB weights: see Distributions)</source>
        <translation>这一层的权重不是用 LSQ 量化的（SLB 权重：见“概率分布”）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>activations: not LSQ here</source>
        <translation>激活：此处不是 LSQ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This layer&apos;s input activations are not LSQ-quantized</source>
        <translation>这一层的输入激活没有用 LSQ 量化</translation>
    </message>
    <message>
        <location line="+91"/>
        <source>Launch an LSQ run to watch its step sizes learn</source>
        <translation>启动一次 LSQ 运行，观察步长的学习过程</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>SLB, with no LSQ quantizer</source>
        <translation>SLB，没有 LSQ 量化器</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>full precision (no quantizers)</source>
        <translation>全精度（没有量化器）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>LSQ, but no layer is quantized with it</source>
        <translation>LSQ，但没有任何层用它量化</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Step sizes are an LSQ view: this run uses %1</source>
        <translation>步长是 LSQ 的视图：本次运行使用的是 %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Waiting for the first snapshot of the step sizes…</source>
        <translation>正在等待步长的第一个快照…</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>%1 · %2 · step %3</source>
        <translation>%1 · %2 · 第 %3 步</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>input activations</source>
        <translation>输入激活</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>s = %1 · %2 bit</source>
        <translation>s = %1 · %2 比特</translation>
    </message>
</context>
<context>
    <name>slb::StepSizePlayground</name>
    <message>
        <location filename="../widgets/stepsizeplayground.cpp" line="+60"/>
        <source> bits</source>
        <translation> 比特</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>signed (weights)</source>
        <translation>有符号（权重）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unsigned (activations after ReLU)</source>
        <translation>无符号（ReLU 之后的激活）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The learned step size s</source>
        <translation>学习得到的步长 s</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>N: how many values share this step (a layer&apos;s weights, or the features of one sample for activations)</source>
        <translation>N：共用这个步长的数值个数（权重为一层的权重数，激活为一个样本的特征数）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>A value v to read Q(v) and the step gradient at</source>
        <translation>查看 Q(v) 和步长梯度的取值点 v</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Step gradient ∂Q(v)/∂s (Eq. 3): −v/s + round(v/s) inside, −Qn or Qp outside</source>
        <translation>步长梯度 ∂Q(v)/∂s（式 3）：范围内为 −v/s + round(v/s)，范围外为 −Qn 或 Qp</translation>
    </message>
    <message>
        <location line="+12"/>
        <location line="+10"/>
        <source>Q(v)</source>
        <translation>Q(v)</translation>
    </message>
    <message>
        <location line="-8"/>
        <location line="+11"/>
        <source>∂Q(v)/∂s</source>
        <translation>∂Q(v)/∂s</translation>
    </message>
    <message>
        <location line="+157"/>
        <source>At v = %1: v/s = %2, Q(v) = %3, ∂Q(v)/∂s = %4, scaled by g: %5</source>
        <translation>在 v = %1 处：v/s = %2，Q(v) = %3，∂Q(v)/∂s = %4，乘以 g 后为 %5</translation>
    </message>
    <message>
        <location line="-213"/>
        <source>step s:</source>
        <translation>步长 s：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>N:</source>
        <translation>N：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>probe v:</source>
        <translation>探测 v：</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Quantizer output Q(v) = round(clip(v/s, −Qn, Qp))·s (LSQ Eq. 1–2)</source>
        <translation>量化器输出 Q(v) = round(clip(v/s, −Qn, Qp))·s（LSQ 式 1–2）</translation>
    </message>
    <message>
        <location line="+16"/>
        <location line="+2"/>
        <source>v</source>
        <translation>v</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>v (no quantization)</source>
        <translation>v（不量化）</translation>
    </message>
    <message>
        <location line="+154"/>
        <source>%1 bits, %2: Qn = %3, Qp = %4; clip points −Qn·s = %5 and Qp·s = %6; gradient scale g = 1/√(N·Qp) = %7 for N = %8</source>
        <translation>%1 比特，%2：Qn = %3，Qp = %4；截断点 −Qn·s = %5 和 Qp·s = %6；N = %8 时梯度缩放系数 g = 1/√(N·Qp) = %7</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>signed</source>
        <translation>有符号</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>unsigned</source>
        <translation>无符号</translation>
    </message>
</context>
<context>
    <name>slb::StepTrendPlot</name>
    <message>
        <location filename="../widgets/steptrendplot.cpp" line="+38"/>
        <source>Step sizes over time (log scale)</source>
        <translation>步长随时间变化（对数刻度）</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>step size s</source>
        <translation>步长 s</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>s_w (weights)</source>
        <translation>s_w（权重）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>s_a (activations)</source>
        <translation>s_a（激活）</translation>
    </message>
</context>
<context>
    <name>slb::TemperaturePanel</name>
    <message>
        <location filename="../widgets/temperaturepanel.cpp" line="+76"/>
        <source>Wheel: zoom · drag: pan · double-click: fit the whole run</source>
        <translation>滚轮：缩放 · 拖动：平移 · 双击：显示整个运行</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>inverse temperature T</source>
        <translation>温度因子 T（逆温度）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>temperature τ = 1/T</source>
        <translation>温度 τ = 1/T</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>gap ‖W_q − W_c‖ / ‖W_q‖</source>
        <translation>差距 ‖W_q − W_c‖ / ‖W_q‖</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>planned</source>
        <translation>计划</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>recorded</source>
        <translation>实际记录</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>hard phase (W_q)</source>
        <translation>硬阶段 (W_q)</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Each SLB layer&apos;s gap appears here once training runs</source>
        <translation>训练开始后，这里会显示每个 SLB 层的差距</translation>
    </message>
    <message>
        <location line="+209"/>
        <source>step %1: T = %2, τ = %3</source>
        <translation>第 %1 步：T = %2，τ = %3</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>now: T = %1, τ = %2</source>
        <translation>当前：T = %1，τ = %2</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>steered</source>
        <translation>已调整</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>No temperature: this run has no SLB layers (method: %1)</source>
        <translation>没有温度因子：本次运行没有 SLB 层（方法：%1）</translation>
    </message>
</context>
<context>
    <name>slb::TemperaturePreview</name>
    <message>
        <location filename="../widgets/temperaturepreview.cpp" line="+78"/>
        <source>&lt;b&gt;Planned schedules&lt;/b&gt;: inverse temperature T (left axis), temperature τ = 1/T (right axis), learning rate (below)</source>
        <translation>&lt;b&gt;计划的调度&lt;/b&gt;：温度因子 T（左轴），温度 τ = 1/T（右轴），学习率（下方）</translation>
    </message>
    <message>
        <location line="+51"/>
        <location line="+37"/>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <location line="-36"/>
        <source>inverse temp. T</source>
        <translation>温度因子 T</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>τ = 1/T</source>
        <translation>τ = 1/T</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>planned T</source>
        <translation>计划的 T</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>planned learning rate</source>
        <translation>计划的学习率</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 epochs × %2 steps = %3 steps (%4 training images, batch %5)</source>
        <translation>%1 轮 × %2 步 = %3 步（%4 张训练图像，批大小 %5）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>T %1 → %2 (τ %3 → %4)</source>
        <translation>T %1 → %2（τ %3 → %4）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>; hard phase from epoch %1</source>
        <translation>；硬阶段从第 %1 轮开始</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>; no hard phase</source>
        <translation>；无硬阶段</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The temperature T applies to SLB only:
LSQ learns step sizes instead.</source>
        <translation>温度因子 T 只适用于 SLB：
LSQ 学习的是步长。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The temperature T applies to SLB only:
a float run has none.</source>
        <translation>温度因子 T 只适用于 SLB：
浮点运行没有温度因子。</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>hard phase →
trains with W_q</source>
        <translation>硬阶段 →
用 W_q 训练</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>hard phase:
trains with W_q</source>
        <translation>硬阶段：
用 W_q 训练</translation>
    </message>
</context>
<context>
    <name>slb::TimelineSlider</name>
    <message>
        <location filename="../widgets/timelineslider.cpp" line="+20"/>
        <source>Pick a snapshot: every panel shows the same step</source>
        <translation>选择一个快照：所有面板都显示同一步</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Follow</source>
        <translation>跟随</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep showing the newest snapshot</source>
        <translation>始终显示最新的快照</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>step %1 · epoch %2 / %3</source>
        <translation>第 %1 步 · 轮次 %2 / %3</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>no snapshot yet</source>
        <translation>还没有快照</translation>
    </message>
</context>
<context>
    <name>slb::TrackedWeightsPlot</name>
    <message>
        <location filename="../widgets/trackedweightsplot.cpp" line="+92"/>
        <source>P(v)</source>
        <translation>P(v)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>argmax: the value W_q takes</source>
        <translation>argmax：W_q 取的值</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>#%1</source>
        <translation>#%1</translation>
    </message>
</context>
<context>
    <name>slb::TrainingSession</name>
    <message>
        <location filename="../core/session/trainingsession.cpp" line="+114"/>
        <location line="+28"/>
        <source>A run is already going: stop it first.</source>
        <translation>已有运行正在进行：请先停止它。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Training with %1 processes needs slb-train beside the workbench or on PATH, and there is none: install it, or train with 1 process.</source>
        <translation>以 %1 个进程训练需要工作台旁边或 PATH 中的 slb-train，但找不到它：请安装它，或以 1 个进程训练。</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Cannot serve the rendezvous of a data-parallel run: %1</source>
        <translation>无法为数据并行运行提供会合点：%1</translation>
    </message>
    <message>
        <location line="+77"/>
        <source>Pause the run before changing its learning rate or temperature.</source>
        <translation>修改学习率或温度因子之前，请先暂停运行。</translation>
    </message>
    <message>
        <location line="+48"/>
        <source> (recording stopped: %1)</source>
        <translation>（记录已停止：%1）</translation>
    </message>
</context>
<context>
    <name>slb::WorkerRanks</name>
    <message>
        <location filename="../core/session/workerranks.cpp" line="+69"/>
        <source>Cannot start rank %1 of the data-parallel run (%2): %3</source>
        <translation>无法启动数据并行运行的第 %1 号进程（%2）：%3</translation>
    </message>
</context>
</TS>
